export type TokenFailureKind =
  | 'invalid-secret'
  | 'expired-secret'
  | 'tenant-not-found'
  | 'app-not-found'
  | 'app-disabled'
  | 'invalid-scope'
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
