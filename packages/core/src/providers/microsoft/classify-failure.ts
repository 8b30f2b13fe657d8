import type { Failure } from '../failure.ts';
import { isGraphRequestError, type GraphRequestError } from './graph/graph-request-error.ts';
import { DEFAULT_TOKEN_RETRY_AFTER_MS } from './identity/classify-token-error.ts';
import {
  isTokenAcquisitionError,
  type TokenAcquisitionError,
  type TokenFailureKind,
} from './identity/token-acquisition-error.ts';

/**
 * A mailbox-level read (the calendar's delta, not one event) answered ErrorItemNotFound: the mailbox
 * itself cannot be addressed, as seen for deleted mailboxes and for rooms addressed by an alias
 * (docs/microsoft-graph.md §9.6).
 */
export class MailboxNotAddressableError extends Error {
  override readonly name = 'MailboxNotAddressableError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when Graph refused a mailbox and the token itself shows no calendar permission. */
export class ConsentMissingError extends Error {
  override readonly name = 'ConsentMissingError';
}

// The only text Graph gives to tell an ApplicationAccessPolicy denial from a missing role
// (docs/microsoft-graph.md §7).
const POLICY_DENIED_MESSAGE = 'access to odata is disabled';
const DELTA_EXPIRED_CODES = new Set(['syncstatenotfound', 'resyncrequired']);
const TRANSPORT_CODES = new Set(['NetworkError', 'Timeout', 'InvalidJson']);
// The identity platform could not answer: says nothing about the credential.
const TEMPORARY_TOKEN_KINDS = new Set<TokenFailureKind>(['network', 'timeout']);

/**
 * The one classifier of the Microsoft provider: every error met while talking to Entra ID or
 * Graph (token requests, HTTP answers, $batch items, transport) → a neutral Failure. Sync,
 * diagnostics, mailbox resolution and series hydration all use it.
 * Graph codes are matched case-insensitively: Outlook sends `SyncStateNotFound` where the docs say
 * `syncStateNotFound` (docs/microsoft-graph.md §4).
 * @see https://learn.microsoft.com/graph/errors
 * @see https://learn.microsoft.com/graph/throttling
 */
export function classifyMicrosoftFailure(err: unknown): Failure {
  // The Graph client asks for a token before each call, so token failures surface here too.
  if (isTokenAcquisitionError(err)) return classifyTokenFailure(err);
  if (err instanceof MailboxNotAddressableError)
    return { kind: 'mailbox', reason: 'not-found', code: err.code, message: err.message };
  if (err instanceof ConsentMissingError)
    return { kind: 'consent', code: 'ConsentMissing', message: err.message };
  if (isGraphRequestError(err)) return classifyGraphAnswer(err);
  return {
    kind: 'unknown',
    code: 'UnexpectedError',
    message: err instanceof Error ? err.message : 'unexpected error',
  };
}

/**
 * A token the identity platform would not issue. Throttling always has a wait: msal itself refuses
 * the same request until Retry-After, 60 s when absent. Every other refusal (secret, tenant, app,
 * scope) is the connector's configuration: auth.
 */
function classifyTokenFailure(err: TokenAcquisitionError): Failure {
  const detail = {
    code: err.aadstsCode !== undefined ? `AADSTS${err.aadstsCode}` : `token-${err.kind}`,
    message: err.message,
  };
  if (err.kind === 'throttled')
    return { kind: 'throttled', retryAfterMs: err.retryAfterMs ?? DEFAULT_TOKEN_RETRY_AFTER_MS, ...detail };
  if (TEMPORARY_TOKEN_KINDS.has(err.kind)) return { kind: 'transient', ...detail };
  if (err.kind === 'unknown') return { kind: 'unknown', ...detail };
  return { kind: 'auth', ...detail };
}

function classifyGraphAnswer(err: GraphRequestError): Failure {
  const detail = { code: err.code, message: err.message };
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
    return { kind: 'cursor-expired', ...detail };
  }
  // Throttled only with a wait time; without one the caller backs off exponentially.
  if (status === 429 || status === 503 || status === 504) {
    return err.retryAfterMs !== undefined
      ? { kind: 'throttled', retryAfterMs: err.retryAfterMs, ...detail }
      : { kind: 'transient', ...detail };
  }
  // 501 NotImplemented means the request shape is unsupported: retrying cannot help.
  if (status === 501) return { kind: 'unknown', ...detail };
  if (status >= 500) return { kind: 'transient', ...detail };
  // Exchange-style mailbox codes are specific enough to trust whatever the status.
  // Exchange's code on mailbox paths, the directory's on /users/{id}: either way no such mailbox (§9.6).
  if (code === 'errorinvaliduser' || code === 'request_resourcenotfound')
    return { kind: 'mailbox', reason: 'not-found', ...detail };
  if (code === 'mailboxnotenabledforrestapi') return { kind: 'mailbox', reason: 'not-enabled', ...detail };
  if (code === 'erroritemnotfound') return { kind: 'item-missing', ...detail };
  // Graph refusing the bearer token itself (expired, wrong audience) is token-level evidence.
  if (status === 401) return { kind: 'auth', ...detail };
  if (status === 403) {
    // errors.md names extensionError for "an application policy prevents the application from accessing the mailbox".
    const policyDenied =
      code === 'extensionerror' ||
      (code === 'erroraccessdenied' && err.message.toLowerCase().includes(POLICY_DENIED_MESSAGE));
    return policyDenied
      ? { kind: 'mailbox', reason: 'policy-denied', ...detail }
      : { kind: 'access-denied', ...detail };
  }
  return { kind: 'unknown', ...detail };
}
