import { isTokenAcquisitionError } from '../identity/token-acquisition-error.ts';
import { isGraphRequestError } from './graph-request-error.ts';

export type MailboxFailureReason = 'not-found' | 'not-rest-enabled' | 'policy-denied';

interface FailureDetail {
  /** Graph's error code (or ours for transport failures); safe to store. */
  code: string;
  /** Graph's message; never contains a token or secret. */
  message: string;
}

/**
 * Provider-neutral outcome of a failed Graph call: the one place that turns
 * Graph responses into what the sync engine does next.
 */
export type GraphFailure = FailureDetail &
  (
    | { kind: 'throttled'; retryAfterMs: number }
    | { kind: 'transient' }
    | { kind: 'delta-expired' }
    | { kind: 'auth' }
    | { kind: 'consent' }
    | { kind: 'mailbox'; reason: MailboxFailureReason }
    | { kind: 'unknown' }
  );

export type GraphFailureKind = GraphFailure['kind'];

// The only text Graph gives to tell an ApplicationAccessPolicy denial from a missing role (graph-spec §7).
const POLICY_DENIED_MESSAGE = 'access to odata is disabled';
const DELTA_EXPIRED_CODES = new Set(['syncstatenotfound', 'resyncrequired']);
const TRANSPORT_CODES = new Set(['NetworkError', 'Timeout', 'InvalidJson']);

/**
 * Classify any error thrown while talking to Graph.
 * Codes are matched case-insensitively: Outlook sends `SyncStateNotFound`
 * where the docs say `syncStateNotFound`.
 * @see https://learn.microsoft.com/graph/errors
 * @see https://learn.microsoft.com/graph/throttling
 */
export function classifyGraphError(err: unknown): GraphFailure {
  // The Graph client asks for a token before each call, so token failures surface here too.
  if (isTokenAcquisitionError(err)) {
    const detail: FailureDetail = {
      code: err.aadstsCode !== undefined ? `AADSTS${err.aadstsCode}` : `token-${err.kind}`,
      message: err.message,
    };
    if (err.kind === 'throttled')
      return { kind: 'throttled', retryAfterMs: err.retryAfterMs ?? 60_000, ...detail };
    if (err.kind === 'network') return { kind: 'transient', ...detail };
    if (err.kind === 'unknown') return { kind: 'unknown', ...detail };
    return { kind: 'auth', ...detail };
  }
  if (!isGraphRequestError(err)) {
    return {
      kind: 'unknown',
      code: 'UnexpectedError',
      message: err instanceof Error ? err.message : 'unexpected error',
    };
  }
  const detail: FailureDetail = { code: err.code, message: err.message };
  const code = err.code.toLowerCase();
  const innerCode = err.innerCode?.toLowerCase();
  const { status } = err;

  if (status === 0)
    return TRANSPORT_CODES.has(err.code) ? { kind: 'transient', ...detail } : { kind: 'unknown', ...detail };
  if (
    status === 410 ||
    DELTA_EXPIRED_CODES.has(code) ||
    (innerCode !== undefined && DELTA_EXPIRED_CODES.has(innerCode))
  ) {
    return { kind: 'delta-expired', ...detail };
  }
  if (status === 429 || status === 503 || status === 504) {
    return err.retryAfterMs !== undefined
      ? { kind: 'throttled', retryAfterMs: err.retryAfterMs, ...detail }
      : { kind: 'transient', ...detail };
  }
  // 501 NotImplemented means the request shape is unsupported: retrying cannot help.
  if (status === 501) return { kind: 'unknown', ...detail };
  if (status >= 500) return { kind: 'transient', ...detail };
  // Exchange-style mailbox codes are specific enough to trust whatever the status.
  if (code === 'errorinvaliduser') return { kind: 'mailbox', reason: 'not-found', ...detail };
  if (code === 'mailboxnotenabledforrestapi')
    return { kind: 'mailbox', reason: 'not-rest-enabled', ...detail };
  if (status === 401) return { kind: 'auth', ...detail };
  if (status === 403) {
    // errors.md names extensionError for "an application policy prevents the application from accessing the mailbox".
    const policyDenied =
      code === 'extensionerror' ||
      (code === 'erroraccessdenied' && err.message.toLowerCase().includes(POLICY_DENIED_MESSAGE));
    return policyDenied
      ? { kind: 'mailbox', reason: 'policy-denied', ...detail }
      : { kind: 'consent', ...detail };
  }
  return { kind: 'unknown', ...detail };
}
