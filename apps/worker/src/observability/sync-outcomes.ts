import type { MailboxSyncPayload, MailboxSyncResult } from '@calsync/core';
import type { SyncLagRecorder } from './sync-lag.ts';
import type { WorkerMetrics } from './worker-metrics.ts';

// Token failures carry these codes (AADSTS error numbers or our token-<kind>), see classifyGraphError.
const TOKEN_FAILURE_CODE = /^(AADSTS\d+|token-)/;

/** Feeds one mailbox sync result into the counters. */
export function recordSyncResult(metrics: WorkerMetrics, result: MailboxSyncResult): void {
  switch (result.status) {
    case 'succeeded':
      metrics.syncRuns.inc({ outcome: 'succeeded', kind: result.kind });
      metrics.syncPages.inc(result.stats.pages);
      metrics.eventsWritten.inc({ change: 'upserted' }, result.stats.upserted);
      metrics.eventsWritten.inc({ change: 'deleted' }, result.stats.deleted);
      return;
    case 'failed':
      metrics.syncRuns.inc({ outcome: 'failed', kind: result.kind });
      if (TOKEN_FAILURE_CODE.test(result.failure.code))
        metrics.tokenFailures.inc({ kind: result.failure.kind });
      return;
    case 'delayed':
      metrics.syncRuns.inc({ outcome: 'delayed', kind: 'none' });
      return;
    case 'skipped':
      metrics.syncRuns.inc({ outcome: 'skipped', kind: 'none' });
      return;
  }
}

/** The mailbox.sync processor's `onSyncResult`: counters, plus the sync-lag record in Redis. */
export function createSyncResultObserver(metrics: WorkerMetrics, lag: SyncLagRecorder) {
  return async (payload: MailboxSyncPayload, result: MailboxSyncResult): Promise<void> => {
    recordSyncResult(metrics, result);
    if (result.status === 'succeeded') await lag.succeeded(payload.mailboxId);
    else if (result.status === 'skipped' && result.reason !== 'connector-blocked')
      await lag.forget(payload.mailboxId);
  };
}
