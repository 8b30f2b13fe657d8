import type { TokenAcquisitionError, TokenFailureKind } from '../identity/token-acquisition-error.ts';
import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';

const PORTAL_APP = 'Entra admin center → App registrations → your app';

const TOKEN_FAILURES: Readonly<Record<TokenFailureKind, { message: string; remedy: string }>> = {
  'invalid-secret': {
    message: 'Microsoft rejected the client secret.',
    remedy: `Give the connector the secret's Value (shown only once, when the secret is created), not its Secret ID. If the value was lost, create a new secret (${PORTAL_APP} → Certificates & secrets → New client secret) and update the connector with its Value.`,
  },
  'expired-secret': {
    message: 'The client secret has expired.',
    remedy: `Create a new client secret (${PORTAL_APP} → Certificates & secrets → Client secrets → New client secret, https://aka.ms/NewClientSecret) and update the connector with its Value; set credentialExpiresAt to get a warning 30 days before the next expiry.`,
  },
  'tenant-not-found': {
    message: 'Microsoft does not know this directory (tenant) in the selected cloud.',
    remedy: `Copy the Directory (tenant) ID from ${PORTAL_APP} → Overview, and check that the connector's cloud (GLOBAL, US_GOV, US_GOV_DOD, CHINA) is the one the directory lives in.`,
  },
  'app-not-found': {
    message: 'No application with this client id exists in the directory.',
    remedy: `Copy the Application (client) ID from ${PORTAL_APP} → Overview, and check the app is registered in this directory (or that an administrator of this directory has consented to it).`,
  },
  'app-disabled': {
    message: 'The application is disabled in the directory.',
    remedy:
      'In the Entra admin center open Enterprise applications → your app → Properties, set "Enabled for users to sign-in?" to Yes and save.',
  },
  'invalid-scope': {
    message: 'Microsoft rejected the requested scope.',
    remedy: 'Check that the connector uses the cloud the app registration belongs to.',
  },
  throttled: {
    message: 'The Microsoft identity platform is throttling token requests for this app.',
    remedy:
      'This is temporary and the connector status is unchanged: wait a minute and run the check again; calsync backs off on its own.',
  },
  network: {
    message: 'The Microsoft identity platform could not be reached (network or TLS failure).',
    remedy:
      'This is usually temporary and the connector status is unchanged. If it persists, check that the worker and API can open HTTPS connections to the authority host of the connector’s cloud (proxy, firewall, DNS, TLS inspection), then run the check again.',
  },
  timeout: {
    message: 'The Microsoft identity platform did not answer in time.',
    remedy:
      'This is usually temporary and the connector status is unchanged. If it persists, check that the worker and API can open HTTPS connections to the authority host of the connector’s cloud (proxy, firewall, DNS, TLS inspection), then run the check again.',
  },
  unknown: {
    message: 'The token request failed for a reason calsync does not recognise.',
    remedy: 'Check the app registration and credential in the Entra admin center, then run the check again.',
  },
};

export function tokenPassed(roles: readonly string[]): DiagnosticCheck {
  return check(
    'TOKEN',
    'PASS',
    `Microsoft issued an app-only token (${roles.length} application permission(s) granted).`,
  );
}

/** A failed token request → the TOKEN check, with Microsoft's AADSTS code and a concrete remedy. */
export function tokenFailed(error: TokenAcquisitionError): DiagnosticCheck {
  const known = TOKEN_FAILURES[error.kind];
  const code = error.aadstsCode !== undefined ? `AADSTS${error.aadstsCode}` : (error.msalErrorCode ?? null);
  return check('TOKEN', 'FAIL', known.message, { code, remedy: known.remedy });
}

export function tokenTimedOut(ms: number): DiagnosticCheck {
  return check(
    'TOKEN',
    'FAIL',
    `The Microsoft identity platform did not answer within ${Math.round(ms / 1000)} s.`,
    {
      code: 'Timeout',
      remedy: TOKEN_FAILURES.network.remedy,
    },
  );
}
