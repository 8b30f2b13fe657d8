import { TokenAcquisitionError, type TokenFailureKind } from './token-acquisition-error.ts';

/**
 * msal refuses identical requests locally after a 429/5xx until Retry-After,
 * 60 s when the header is absent; the header itself is not on the error.
 */
export const DEFAULT_TOKEN_RETRY_AFTER_MS = 60_000;

/**
 * AADSTS numbers (graph-spec §1.4).
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const AADSTS_KINDS: ReadonlyMap<number, TokenFailureKind> = new Map<number, TokenFailureKind>([
  [7000215, 'invalid-secret'],
  [7000222, 'expired-secret'],
  [90002, 'tenant-not-found'],
  [700016, 'app-not-found'],
  [7000112, 'app-disabled'],
  [70001, 'app-disabled'],
  [1002012, 'invalid-scope'],
  [70011, 'invalid-scope'],
  [700022, 'invalid-scope'],
  // Seen in the field (docs/microsoft-graph.md field notes, token errors).
  [500011, 'invalid-resource'],
  [700027, 'certificate-rejected'],
  [700024, 'assertion-expired'],
  [7000229, 'service-principal-missing'],
  [53003, 'conditional-access'],
  [50196, 'throttled'],
  [90055, 'throttled'],
]);

// msal client-side codes for failures to reach or trust the authority.
const NETWORK_CODES = new Set([
  'network_error',
  'endpoints_resolution_error',
  'untrusted_authority',
  'openid_config_error',
]);

interface MsalErrorShape {
  errorCode?: unknown;
  errorNo?: unknown;
  status?: unknown;
  correlationId?: unknown;
}

/**
 * msal error (ServerError, ClientAuthError, ...) → TokenAcquisitionError.
 * Reads only `errorCode`, `errorNo` and `status`, as msal sets them:
 * ServerError(errorCode = OAuth `error`, errorNo = first of `error_codes`,
 * status = HTTP status); a local throttle refusal is a ServerError whose
 * errorCode is the space-joined AADSTS numbers and which has no status.
 */
export function classifyTokenError(err: unknown): TokenAcquisitionError {
  if (err instanceof TokenAcquisitionError) return err;
  const shape: MsalErrorShape = typeof err === 'object' && err !== null ? err : {};
  const errorCode = typeof shape.errorCode === 'string' ? shape.errorCode : undefined;
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const correlationId =
    typeof shape.correlationId === 'string' && shape.correlationId !== '' ? shape.correlationId : undefined;
  const aadstsCode = readAadstsCode(shape.errorNo, errorCode);
  const base = { aadstsCode, msalErrorCode: errorCode, httpStatus: status, correlationId };

  const known = aadstsCode !== undefined ? AADSTS_KINDS.get(aadstsCode) : undefined;
  if (known === 'throttled')
    return new TokenAcquisitionError({
      kind: 'throttled',
      retryAfterMs: DEFAULT_TOKEN_RETRY_AFTER_MS,
      ...base,
    });
  if (known) return new TokenAcquisitionError({ kind: known, ...base });
  if (
    status === 429 ||
    (status !== undefined && status >= 500) ||
    isLocalThrottleRefusal(errorCode, status, err)
  ) {
    return new TokenAcquisitionError({
      kind: 'throttled',
      retryAfterMs: DEFAULT_TOKEN_RETRY_AFTER_MS,
      ...base,
    });
  }
  if (errorCode && NETWORK_CODES.has(errorCode))
    return new TokenAcquisitionError({ kind: 'network', ...base });
  if (errorCode === 'invalid_tenant') return new TokenAcquisitionError({ kind: 'tenant-not-found', ...base });
  if (errorCode === 'invalid_scope') return new TokenAcquisitionError({ kind: 'invalid-scope', ...base });
  if (errorCode === 'invalid_resource')
    return new TokenAcquisitionError({ kind: 'invalid-resource', ...base });
  // Neither is transient: retrying only adds sign-in noise.
  if (errorCode === 'invalid_client') return new TokenAcquisitionError({ kind: 'client-rejected', ...base });
  if (errorCode === 'unauthorized_client')
    return new TokenAcquisitionError({ kind: 'client-unauthorized', ...base });
  return new TokenAcquisitionError({ kind: 'unknown', ...base });
}

function readAadstsCode(errorNo: unknown, errorCode: string | undefined): number | undefined {
  const fromNo =
    typeof errorNo === 'number'
      ? errorNo
      : typeof errorNo === 'string'
        ? Number.parseInt(errorNo, 10)
        : Number.NaN;
  if (Number.isInteger(fromNo) && fromNo > 0) return fromNo;
  // Throttle refusals carry the codes in errorCode ("90055" or "50196 90055").
  const first = errorCode && /^\d+(?: \d+)*$/.test(errorCode) ? Number.parseInt(errorCode, 10) : Number.NaN;
  return Number.isInteger(first) && first > 0 ? first : undefined;
}

function isLocalThrottleRefusal(
  errorCode: string | undefined,
  status: number | undefined,
  err: unknown,
): boolean {
  const isServerError =
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ServerError';
  return (
    isServerError &&
    status === undefined &&
    (errorCode === '' || (errorCode !== undefined && /^\d+(?: \d+)*$/.test(errorCode)))
  );
}
