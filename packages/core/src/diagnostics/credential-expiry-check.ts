import { check, type DiagnosticCheck } from './diagnostic-types.ts';

const WARN_DAYS = 30;
const DAY_MS = 86_400_000;

export function credentialExpiryCheck(
  expiresAt: Date | null,
  kind: 'CLIENT_SECRET' | 'CERTIFICATE',
  now: Date,
): DiagnosticCheck {
  const what = kind === 'CLIENT_SECRET' ? 'client secret' : 'certificate';
  const remedy = `Create a new ${what} (Entra admin center → App registrations → your app → Certificates & secrets) and update the connector with it before the old one expires.`;
  if (!expiresAt) {
    return check('CREDENTIAL_EXPIRY', 'SKIPPED', `The ${what}'s expiry date is unknown.`, {
      remedy:
        'Set credentialExpiresAt on the connector (the portal shows it next to the secret) to be warned before it expires.',
    });
  }
  const left = expiresAt.getTime() - now.getTime();
  const on = expiresAt.toISOString().slice(0, 10);
  if (left <= 0) return check('CREDENTIAL_EXPIRY', 'FAIL', `The ${what} expired on ${on}.`, { remedy });
  if (left <= WARN_DAYS * DAY_MS) {
    const days = Math.ceil(left / DAY_MS);
    return check('CREDENTIAL_EXPIRY', 'WARN', `The ${what} expires in ${days} day(s), on ${on}.`, { remedy });
  }
  return check('CREDENTIAL_EXPIRY', 'PASS', `The ${what} is valid until ${on}.`);
}
