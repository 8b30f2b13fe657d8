import type { ConnectorStatus, MailboxSyncStatus } from '../db/schema/enums.ts';
import type { FailureKind } from '../providers/failure.ts';

/** What the job does after a failure. */
export type JobOutcome =
  /** Delay this mailbox's job until Retry-After; the attempt is not counted. */
  | 'delay'
  /** Let BullMQ retry with exponential backoff (bounded attempts). */
  | 'retry'
  /** Stop: retrying cannot help until something changes. */
  | 'give-up';

export interface FailureTransition {
  outcome: JobOutcome;
  /** New mailbox sync status, or null to leave it. */
  mailboxStatus: MailboxSyncStatus | null;
  /** New connector status, or null to leave it. */
  connectorStatus: ConnectorStatus | null;
}

/**
 * The one place that turns a classified failure into state changes (written as data so the
 * table can be read, reviewed and tested at a glance). Only token-level evidence (auth, consent)
 * marks the connector and stops it; whatever one mailbox meets marks only that mailbox, so the
 * connector's other mailboxes go on; calsync's own infrastructure blames nobody.
 */
export const FAILURE_TRANSITIONS: Readonly<Record<FailureKind, FailureTransition>> = {
  throttled: { outcome: 'delay', mailboxStatus: null, connectorStatus: null },
  // The mailbox shows the last failure while BullMQ retries; the next success sets OK.
  transient: { outcome: 'retry', mailboxStatus: 'ERROR', connectorStatus: null },
  infrastructure: { outcome: 'retry', mailboxStatus: null, connectorStatus: null },
  // The engine already restarts with a full round in the job; a 410 that still escapes (restarts used
  // up) has had the cursor state dropped, so BullMQ's retry runs a fresh full round
  // (docs/microsoft-graph.md §3.6). ERROR, not SYNCING, until then.
  'cursor-expired': { outcome: 'retry', mailboxStatus: 'ERROR', connectorStatus: null },
  auth: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: 'AUTH_FAILED' },
  consent: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: 'CONSENT_REQUIRED' },
  'access-denied': { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
  mailbox: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
  'item-missing': { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
  unknown: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
};

/** Connector statuses under which no mailbox job calls the back end until the connector changes or a check passes. */
export const BLOCKED_CONNECTOR_STATUSES: readonly ConnectorStatus[] = [
  'AUTH_FAILED',
  'CONSENT_REQUIRED',
  'DISABLED',
];
