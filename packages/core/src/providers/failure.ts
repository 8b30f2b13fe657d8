/** Why a mailbox itself cannot be read (the connector's other mailboxes are unaffected). */
export type MailboxFailureReason =
  /** No such mailbox in the directory. */
  | 'not-found'
  /** The mailbox exists but the back end does not serve it (unlicensed, inactive, on-premises). */
  | 'not-enabled'
  /** An access policy of the organisation keeps the app out of this mailbox. */
  | 'policy-denied';

interface FailureDetail {
  /** The back end's error code, or ours; safe to store and show. */
  code: string;
  /** Safe to store and show: never a token, secret, SQL text, parameter or driver message. */
  message: string;
}

/**
 * The one closed set of failure kinds every provider maps its errors onto (docs/architecture.md,
 * "Failures"). Sync, diagnostics, mailbox resolution and series hydration all decide on the kind,
 * never on a provider's codes or message text.
 */
export type Failure = FailureDetail &
  /** Wait exactly `retryAfterMs` (the back end said how long); longer waits delay the job. */
  (
    | { kind: 'throttled'; retryAfterMs: number }
    /** Network, timeout, 5xx without a wait time: retry with jittered back-off. */
    | { kind: 'transient' }
    /** calsync's own Postgres or Redis failed: retry with back-off, blame no mailbox or connector. */
    | { kind: 'infrastructure' }
    /** The stored sync cursor is no longer valid: drop it and run a full round. */
    | { kind: 'cursor-expired' }
    /** The connector's credential, directory or app registration was refused (token-level evidence). */
    | { kind: 'auth' }
    /** The connector's token carries no usable permission (token-level evidence). */
    | { kind: 'consent' }
    /** The addressed resource refused the app; alone, says nothing about the connector. */
    | { kind: 'access-denied' }
    | { kind: 'mailbox'; reason: MailboxFailureReason }
    /** The addressed item (an event) is gone. */
    | { kind: 'item-missing' }
    | { kind: 'unknown' }
  );

export type FailureKind = Failure['kind'];

/** A provider's one mapping from whatever its back end throws to a Failure. */
export type FailureClassifier = (error: unknown) => Failure;

/** Kinds that say nothing about the connector or mailbox: a later attempt will likely succeed. */
export const TEMPORARY_FAILURE_KINDS: ReadonlySet<FailureKind> = new Set<FailureKind>([
  'throttled',
  'transient',
  'infrastructure',
]);
