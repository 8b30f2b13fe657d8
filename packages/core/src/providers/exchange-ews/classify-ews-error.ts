import type { Failure } from '../failure.ts';
import type { EwsProblem } from './ews-problem.ts';
import { backOffMs } from './read-envelope.ts';

/** Without BackOffMilliseconds, wait this long after ErrorServerBusy (Exchange asks for minutes, not seconds). */
export const DEFAULT_SERVER_BUSY_BACKOFF_MS = 60_000;

const TRANSIENT_CODES = new Set([
  'ErrorTimeoutExpired',
  'ErrorExceededConnectionCount',
  'ErrorExceededSubscriptionCount',
  'ErrorMailboxMoveInProgress',
  'ErrorMailboxStoreUnavailable',
  'ErrorConnectionFailed',
  'ErrorInternalServerError',
  'ErrorInternalServerTransientError',
]);

/** ErrorFolderNotFound on a distinguished folder means the monitor cannot see it: a missing grant (§6.2). */
const ACCESS_DENIED_CODES = new Set(['ErrorAccessDenied', 'ErrorFolderNotFound', 'ErrorDelegateNoUser']);
const WINDOW_TOO_LARGE_CODES = new Set(['ErrorCalendarViewRangeTooBig', 'ErrorExceededFindCountLimit']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSPORT_TRANSIENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'Timeout']);
/** 503 = IIS request queue full; 302 = redirect to /ews/genericerrorpage.htm; 500 HTML under load (§6.1). */
const TRANSIENT_STATUSES = new Set([302, 500, 502, 503, 504]);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}

/** Why the server could not be reached at all (diagnostics name DNS, firewall or TLS trust). */
export function unreachableReason(p: EwsProblem): 'dns' | 'tls' | 'connect' | undefined {
  if (p.source !== 'transport') return undefined;
  if (DNS_CODES.has(p.code)) return 'dns';
  if (isTlsCode(p.code)) return 'tls';
  if (CONNECT_CODES.has(p.code)) return 'connect';
  return undefined;
}

/** CalendarView refused the window (over two years, or over EWSFindCountLimit items): read it in halves. */
export function windowTooLarge(p: EwsProblem): boolean {
  return p.source === 'message' && WINDOW_TOO_LARGE_CODES.has(p.code);
}

/**
 * An EWS problem as the provider-neutral Failure: the one place EWS codes become decisions. Branches on
 * ResponseCode and HTTP status, never on MessageText (docs/exchange-ews.md §6.2).
 */
export function classifyEwsProblem(p: EwsProblem): Failure {
  const detail = { code: p.code, message: p.message };
  if (p.source === 'transport') {
    // An unreachable server is retried like any network failure; diagnostics say which part is broken.
    return unreachableReason(p) !== undefined || TRANSPORT_TRANSIENT.has(p.code)
      ? { kind: 'transient', ...detail }
      : { kind: 'unknown', ...detail };
  }
  if (p.source === 'http') {
    if (p.status === 401) return { kind: 'auth', ...detail };
    return p.status !== null && TRANSIENT_STATUSES.has(p.status)
      ? { kind: 'transient', ...detail }
      : { kind: 'unknown', ...detail };
  }
  if (p.source === 'malformed') return { kind: 'transient', ...detail };
  if (p.code === 'ErrorServerBusy')
    return {
      kind: 'throttled',
      retryAfterMs: backOffMs(p.values) ?? DEFAULT_SERVER_BUSY_BACKOFF_MS,
      ...detail,
    };
  if (TRANSIENT_CODES.has(p.code)) return { kind: 'transient', ...detail };
  if (p.code === 'ErrorInvalidSyncStateData' || p.code === 'ErrorSyncFolderNotFound')
    return { kind: 'cursor-expired', ...detail };
  if (p.code === 'ErrorNonExistentMailbox' || p.code === 'ErrorMailboxNotFound')
    return { kind: 'mailbox', reason: 'not-found', ...detail };
  if (ACCESS_DENIED_CODES.has(p.code)) return { kind: 'access-denied', ...detail };
  if (p.code === 'ErrorItemNotFound') return { kind: 'item-missing', ...detail };
  // ErrorInvalidRequest / ErrorInvalidServerVersion / ErrorSchemaValidation, or a window-too-large that the
  // reader should have split: our request is wrong, retrying cannot help.
  return { kind: 'unknown', ...detail };
}
