import { parseCertificateCredential, CertificateError } from '../providers/microsoft/identity/certificate.ts';
import { isUuid } from '../db/uuid.ts';
import { badInput } from '../errors/index.ts';
import type { CertificateInput, SyncWindowInput } from './connector-input.ts';

// A DNS name with at least two labels, e.g. contoso.onmicrosoft.com.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Multi-tenant aliases: the client-credentials grant needs one concrete directory (AADSTS9001023 otherwise).
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

export const SYNC_WINDOW_LIMITS = { pastDays: { min: 0, max: 365 }, futureDays: { min: 1, max: 730 } };
export const SYNC_INTERVAL_LIMITS = { min: 60, max: 86_400 };
export const DEFAULT_SYNC_WINDOW: SyncWindowInput = { pastDays: 7, futureDays: 180 };
export const DEFAULT_SYNC_INTERVAL_SECONDS = 900;

export function validateName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw badInput('name', 'must be 1–200 characters');
  return trimmed;
}

/** Directory (tenant) id: a GUID or a verified domain, kept as entered (trimmed). */
export function validateAzureTenantId(value: string): string {
  const trimmed = value.trim();
  if (TENANT_ALIASES.has(trimmed.toLowerCase())) {
    throw badInput(
      'azureTenantId',
      `"${trimmed}" is not a directory: give the Directory (tenant) ID GUID from the app registration's Overview page, or a verified domain`,
    );
  }
  if (!isUuid(trimmed) && !DOMAIN.test(trimmed)) {
    throw badInput(
      'azureTenantId',
      'must be the Directory (tenant) ID GUID (Entra admin center → App registrations → your app → Overview) or a verified domain such as contoso.onmicrosoft.com',
    );
  }
  return trimmed;
}

export function validateClientId(value: string): string {
  const trimmed = value.trim();
  if (!isUuid(trimmed)) {
    throw badInput(
      'clientId',
      'must be the Application (client) ID GUID shown on the app registration’s Overview page',
    );
  }
  return trimmed.toLowerCase();
}

/**
 * A client secret *value*. Entra shows a secret's Value once and its Secret ID (a GUID) forever,
 * and pasting the ID is the most common setup mistake (AADSTS7000215 later): refuse it here.
 */
export function validateClientSecret(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput('clientSecret', 'must not be empty');
  if (trimmed.length > 1024) throw badInput('clientSecret', 'is longer than any Entra client secret');
  if (isUuid(trimmed)) {
    throw badInput(
      'clientSecret',
      'looks like a Secret ID (a GUID), not a secret value: copy the "Value" column shown when the secret was created (Certificates & secrets → Client secrets); if the value was lost, create a new secret',
      { hint: 'SECRET_ID_NOT_VALUE' },
    );
  }
  return trimmed;
}

export interface ValidatedCertificate {
  privateKeyPem: string;
  certificatePem: string;
  /** SHA-1 hex, as the Entra portal shows it: the credential hint. */
  thumbprintSha1: string;
  thumbprintSha256: string;
  notAfter: Date;
}

export function validateCertificate(input: CertificateInput): ValidatedCertificate {
  try {
    const parsed = parseCertificateCredential(input.certificatePem, input.privateKeyPem);
    return {
      privateKeyPem: input.privateKeyPem,
      certificatePem: input.certificatePem,
      thumbprintSha1: parsed.thumbprintSha1,
      thumbprintSha256: parsed.thumbprintSha256,
      notAfter: parsed.notAfter,
    };
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    const field =
      error.code === 'invalid-certificate'
        ? 'certificate.certificatePem'
        : error.code === 'invalid-private-key'
          ? 'certificate.privateKeyPem'
          : 'certificate';
    throw badInput(field, error.message);
  }
}

export function validateSyncWindow(window: SyncWindowInput): SyncWindowInput {
  const { pastDays, futureDays } = window;
  const p = SYNC_WINDOW_LIMITS.pastDays;
  const f = SYNC_WINDOW_LIMITS.futureDays;
  if (!Number.isInteger(pastDays) || pastDays < p.min || pastDays > p.max)
    throw badInput('syncWindow.pastDays', `must be a whole number of days from ${p.min} to ${p.max}`);
  if (!Number.isInteger(futureDays) || futureDays < f.min || futureDays > f.max)
    throw badInput('syncWindow.futureDays', `must be a whole number of days from ${f.min} to ${f.max}`);
  return { pastDays, futureDays };
}

export function validateSyncInterval(seconds: number): number {
  const { min, max } = SYNC_INTERVAL_LIMITS;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max)
    throw badInput('syncIntervalSeconds', `must be a whole number of seconds from ${min} to ${max}`);
  return seconds;
}

/** The one credential of a create (exactly one) or an update (at most one). */
export function pickCredential(
  input: { clientSecret?: string | null | undefined; certificate?: CertificateInput | null | undefined },
  required: boolean,
):
  | { kind: 'CLIENT_SECRET'; clientSecret: string }
  | { kind: 'CERTIFICATE'; certificate: ValidatedCertificate }
  | null {
  const hasSecret = input.clientSecret != null;
  const hasCertificate = input.certificate != null;
  if (hasSecret && hasCertificate)
    throw badInput('clientSecret', 'give either clientSecret or certificate, not both');
  if (input.clientSecret != null)
    return { kind: 'CLIENT_SECRET', clientSecret: validateClientSecret(input.clientSecret) };
  if (input.certificate != null)
    return { kind: 'CERTIFICATE', certificate: validateCertificate(input.certificate) };
  if (required) throw badInput('clientSecret', 'give exactly one of clientSecret or certificate');
  return null;
}
