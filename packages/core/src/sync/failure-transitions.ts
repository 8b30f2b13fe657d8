import type { GraphFailureKind } from '../providers/microsoft/index.ts';
import type { ConnectorStatus, MailboxSyncStatus } from '../db/schema/enums.ts';

/** What the job does after a failure. */
export type JobOutcome =
  /** Delay this mailbox's job until Retry-After; the attempt is not counted. */
  | 'delay'
  /** Let BullMQ retry with exponential backoff (bounded attempts). */
  | 'retry'
  /** Drop delta state and run a full sync in the same job. */
  | 'resync'
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
 * The one place that turns a classified failure into state changes (written as
 * data so the table can be read, reviewed and tested at a glance). Auth and
 * consent failures mark the connector and stop; mailbox failures mark only that
 * mailbox so the connector's other mailboxes go on.
 */
export const FAILURE_TRANSITIONS: Readonly<Record<GraphFailureKind, FailureTransition>> = {
  throttled: { outcome: 'delay', mailboxStatus: null, connectorStatus: null },
  // The mailbox shows the last failure while BullMQ retries; the next success sets OK.
  transient: { outcome: 'retry', mailboxStatus: 'ERROR', connectorStatus: null },
  'delta-expired': { outcome: 'resync', mailboxStatus: null, connectorStatus: null },
  auth: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: 'AUTH_FAILED' },
  consent: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: 'CONSENT_REQUIRED' },
  mailbox: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
  unknown: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
};

/** Connector statuses under which no mailbox job calls Graph until the connector changes or a check passes. */
export const BLOCKED_CONNECTOR_STATUSES: readonly ConnectorStatus[] = [
  'AUTH_FAILED',
  'CONSENT_REQUIRED',
  'DISABLED',
];
