import type { EwsProblem } from './ews-problem.ts';
import { backOffMs } from './read-envelope.ts';

/**
 * Provider-neutral outcome of a failed EWS call (the same kinds the Graph classifier uses, plus the two EWS
 * asks of the caller: split the CalendarView window, skip one item). The one place EWS codes become decisions;
 * branch on ResponseCode, never on MessageText (docs/exchange-ews.md §6.2).
 */
export type EwsFailure = { code: string; message: string } & (
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'cursor-expired' }
  | { kind: 'auth' }
  | { kind: 'mailbox'; reason: 'not-found' | 'no-access' }
  | { kind: 'split-window' }
  | { kind: 'item-gone' }
  | { kind: 'unreachable'; reason: 'dns' | 'tls' | 'connect' }
  | { kind: 'unknown' }
);

export type EwsFailureKind = EwsFailure['kind'];

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

const NO_ACCESS_CODES = new Set(['ErrorAccessDenied', 'ErrorFolderNotFound', 'ErrorDelegateNoUser']);
const SPLIT_CODES = new Set(['ErrorCalendarViewRangeTooBig', 'ErrorExceededFindCountLimit']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSPORT_TRANSIENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'Timeout']);

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

export function classifyEwsProblem(p: EwsProblem): EwsFailure {
  const detail = { code: p.code, message: p.message };
  if (p.source === 'transport') {
    if (DNS_CODES.has(p.code)) return { kind: 'unreachable', reason: 'dns', ...detail };
    if (isTlsCode(p.code)) return { kind: 'unreachable', reason: 'tls', ...detail };
    if (CONNECT_CODES.has(p.code)) return { kind: 'unreachable', reason: 'connect', ...detail };
    return TRANSPORT_TRANSIENT.has(p.code)
      ? { kind: 'transient', ...detail }
      : { kind: 'unknown', ...detail };
  }
  if (p.source === 'http') {
    if (p.status === 401) return { kind: 'auth', ...detail };
    // 503 = IIS request queue full; 302 = redirect to /ews/genericerrorpage.htm; 500 HTML under load (§6.1).
    if (p.status === 503 || p.status === 302 || p.status === 502 || p.status === 504 || p.status === 500)
      return { kind: 'transient', ...detail };
    return { kind: 'unknown', ...detail };
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
  if (NO_ACCESS_CODES.has(p.code)) return { kind: 'mailbox', reason: 'no-access', ...detail };
  if (SPLIT_CODES.has(p.code)) return { kind: 'split-window', ...detail };
  if (p.code === 'ErrorItemNotFound') return { kind: 'item-gone', ...detail };
  // ErrorInvalidRequest / ErrorInvalidServerVersion / ErrorSchemaValidation: our request is wrong; retrying
  // cannot help, so these surface loudly as unknown.
  return { kind: 'unknown', ...detail };
}
