export { runMailboxSync } from './run-mailbox-sync.ts';
export {
  MAILBOX_SYNC_REMEDIES,
  mailboxSyncErrorKinds,
  type MailboxSyncErrorKind,
} from './mailbox-sync-error.ts';
export type { MailboxSyncDeps, MailboxSyncRequest, MailboxSyncResult } from './run-mailbox-sync.ts';
export { dropDeltaState } from './mailbox-state.ts';
export { computeSyncWindow, needsRebaseline } from './sync-window.ts';
export type { SyncWindow } from './sync-window.ts';
export type { SyncTarget, SyncState } from './sync-target.ts';
export { FAILURE_TRANSITIONS, BLOCKED_CONNECTOR_STATUSES } from './failure-transitions.ts';
export type { FailureTransition, JobOutcome } from './failure-transitions.ts';
export { eventChangeChannel, parseEventChangeMessage, publishEventChanges } from './change-feed.ts';
export type { EventChangeMessage } from './change-feed.ts';
export { acquireConnectorSlot, connectorSlotRenewal, releaseConnectorSlot } from './connector-slots.ts';
export type { ConnectorSlotOptions } from './connector-slots.ts';
export { readConnectorBackoff, recordConnectorBackoff } from './connector-backoff.ts';
export type { RunStats } from './run-stats.ts';
export { createFirstSyncBatchRunner, createMailboxSyncer } from './create-mailbox-syncer.ts';
export type {
  FirstSyncBatchRunner,
  MailboxSyncer,
  MailboxSyncerOptions,
  MailboxSyncHooks,
} from './create-mailbox-syncer.ts';
export { runFirstSyncBatch } from './first-sync-batch.ts';
export type { FirstSyncBatchRequest, FirstSyncOutcome } from './first-sync-batch.ts';
export type { SyncMode } from './plan-round.ts';
export type { SourceEvent } from './source-event.ts';
export { collapsePageActions } from './page-changes.ts';
export type { PageAction, PageChanges } from './page-changes.ts';
export {
  enqueueMailboxSyncRetries,
  enqueueMailboxSyncs,
  releaseFirstSyncMembers,
  enqueueSyncRequests,
  FIRST_SYNC_BATCH_SIZE,
  interleaveByTenant,
  MAILBOX_SYNC_JOB_OPTIONS,
} from './enqueue-mailbox-syncs.ts';
export type { MailboxSyncRetry, SyncRequest } from './enqueue-mailbox-syncs.ts';
export {
  enqueueConnectorTick,
  listConnectorSyncJobs,
  requestConnectorSync,
  requestMailboxSync,
} from './request-sync.ts';
export type { SyncRequestResult } from './request-sync.ts';
export { applyPage, CursorMovedError } from './apply-page.ts';
export type { ApplyPageInput, AppliedPage, PageEnd } from './apply-page.ts';
