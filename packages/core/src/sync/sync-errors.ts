import { classifyGraphError, type GraphFailure } from '../providers/microsoft/index.ts';
import { SyncLoopError } from './loop-guard.ts';

/** The job must wait until `untilMs` (Retry-After or connector back-off) before calling Graph again. */
export class SyncDelayError extends Error {
  override readonly name = 'SyncDelayError';
  constructor(
    readonly untilMs: number,
    readonly code: string,
  ) {
    super(`Graph asked to wait until ${new Date(untilMs).toISOString()} (${code})`);
  }
}

// Structural view of identity's TokenAcquisitionError: sync only needs its kind and codes.
interface TokenFailureLike {
  name: 'TokenAcquisitionError';
  kind: string;
  message: string;
  aadstsCode?: number | undefined;
  msalErrorCode?: string | undefined;
  retryAfterMs?: number | undefined;
}

function isTokenFailure(err: unknown): err is TokenFailureLike {
  return (
    err instanceof Error &&
    err.name === 'TokenAcquisitionError' &&
    typeof (err as { kind?: unknown }).kind === 'string'
  );
}

const TOKEN_AUTH_KINDS = new Set([
  'invalid-secret',
  'expired-secret',
  'tenant-not-found',
  'app-not-found',
  'app-disabled',
]);

/**
 * classifyGraphError extended with what only sync meets: token failures from
 * the identity platform (a revoked secret is an auth failure of the connector,
 * a throttled or unreachable authority is transient) and loop detection.
 */
export function classifySyncError(err: unknown): GraphFailure {
  if (isTokenFailure(err)) {
    const code =
      err.aadstsCode !== undefined ? `AADSTS${err.aadstsCode}` : (err.msalErrorCode ?? 'TokenError');
    const detail = { code, message: err.message };
    if (err.kind === 'throttled' && err.retryAfterMs !== undefined)
      return { kind: 'throttled', retryAfterMs: err.retryAfterMs, ...detail };
    if (err.kind === 'throttled' || err.kind === 'network') return { kind: 'transient', ...detail };
    if (err.kind === 'invalid-scope') return { kind: 'consent', ...detail };
    if (TOKEN_AUTH_KINDS.has(err.kind)) return { kind: 'auth', ...detail };
    return { kind: 'unknown', ...detail };
  }
  if (err instanceof SyncLoopError) return { kind: 'unknown', code: err.code, message: err.message };
  return classifyGraphError(err);
}
