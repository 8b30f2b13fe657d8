export type TokenFailureKind =
  | 'invalid-secret'
  | 'expired-secret'
  | 'tenant-not-found'
  | 'app-not-found'
  | 'app-disabled'
  | 'invalid-scope'
  /** AADSTS500011: the requested resource is not in the tenant (not Microsoft Graph, or the v1 endpoint). */
  | 'invalid-resource'
  /** AADSTS700027: the certificate that signed the assertion is not (or no longer) registered on the app. */
  | 'certificate-rejected'
  /** AADSTS700024: the client assertion is outside its validity window (clock skew). */
  | 'assertion-expired'
  /** AADSTS7000229: the app registration has no enterprise app (service principal) in the tenant. */
  | 'service-principal-missing'
  /** AADSTS53003: a Conditional Access policy for workload identities blocks the app. */
  | 'conditional-access'
  /** Any other invalid_client: the client's authentication failed. */
  | 'client-rejected'
  /** Any other unauthorized_client: the app is not known or not allowed in the tenant. */
  | 'client-unauthorized'
  | 'throttled'
  | 'network'
  /** No answer within the configured token timeout (msal's own request can hang for minutes). */
  | 'timeout'
  | 'unknown';

export interface TokenAcquisitionErrorInit {
  kind: TokenFailureKind;
  aadstsCode?: number | undefined;
  retryAfterMs?: number | undefined;
  /** msal's errorCode (`invalid_client`, `network_error`, ...). */
  msalErrorCode?: string | undefined;
  httpStatus?: number | undefined;
  /** msal's correlation id, for Microsoft support. */
  correlationId?: string | undefined;
}

const DESCRIPTIONS: Readonly<Record<TokenFailureKind, string>> = {
  'invalid-secret': 'the client secret was rejected',
  'expired-secret': 'the client secret has expired',
  'tenant-not-found': 'the directory (tenant) was not found in this cloud',
  'app-not-found': 'the application was not found in the directory',
  'app-disabled': 'the application is disabled in the directory',
  'invalid-scope': 'the requested scope was rejected',
  'invalid-resource': 'the requested resource was not found in the tenant',
  'certificate-rejected': 'the certificate that signed the client assertion is not registered on the app',
  'assertion-expired': 'the client assertion is outside its validity window (clock skew)',
  'service-principal-missing': 'the application has no service principal (enterprise app) in the tenant',
  'conditional-access': 'a Conditional Access policy blocks token issuance for the app',
  'client-rejected': 'the client authentication was rejected',
  'client-unauthorized': 'the application is not allowed in the directory',
  throttled: 'the identity platform is throttling token requests',
  network: 'the identity platform could not be reached',
  timeout: 'the identity platform did not answer in time',
  unknown: 'the token request failed',
};

/**
 * A failed app-only token request, classified from msal's errorCode/errorNo
 * and HTTP status (never from message text, which Microsoft changes).
 * Carries no secret and no msal message, so it is safe to log and store.
 */
export class TokenAcquisitionError extends Error {
  override readonly name = 'TokenAcquisitionError';
  readonly kind: TokenFailureKind;
  readonly aadstsCode: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly msalErrorCode: string | undefined;
  readonly httpStatus: number | undefined;
  readonly correlationId: string | undefined;

  constructor(init: TokenAcquisitionErrorInit) {
    const code =
      init.aadstsCode !== undefined
        ? ` (AADSTS${init.aadstsCode})`
        : init.msalErrorCode
          ? ` (${init.msalErrorCode})`
          : '';
    super(`${DESCRIPTIONS[init.kind]}${code}`);
    this.kind = init.kind;
    this.aadstsCode = init.aadstsCode;
    this.retryAfterMs = init.retryAfterMs;
    this.msalErrorCode = init.msalErrorCode;
    this.httpStatus = init.httpStatus;
    this.correlationId = init.correlationId;
  }
}

export function isTokenAcquisitionError(err: unknown): err is TokenAcquisitionError {
  return err instanceof TokenAcquisitionError;
}
