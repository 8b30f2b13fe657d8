import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import {
  acquireConnectorSlot,
  classifyInfrastructureError,
  releaseConnectorSlot,
  subscribeAfterSync,
  connectorSlotRenewal,
  createMailboxSyncer,
  type ConnectorSlotOptions,
  type Core,
  type MailboxSyncPayload,
  type MailboxSyncResult,
} from '@calsync/core';

export interface MailboxSyncProcessorOptions {
  /** Mailbox jobs of one connector running at once, across all workers. */
  connectorConcurrency: number;
  /** `Prefer: odata.maxpagesize` (tests use small pages to get many). */
  pageSize?: number | undefined;
  /** Observes every engine result (metrics); its failures never fail the job. */
  onSyncResult?: ((payload: MailboxSyncPayload, result: MailboxSyncResult) => Promise<void>) | undefined;
  /** Lifetime of a connector slot lease without renewal (a dead worker's slot frees itself). */
  connectorLeaseMs?: number | undefined;
}

/** Re-check for a free connector slot after about this long (jittered). */
const SLOT_RETRY_MS = 750;

/**
 * mailbox.sync: thin glue between BullMQ and the sync engine. Takes a
 * per-connector slot (fairness), honours the connector's Graph back-off
 * before calling Graph, and maps the engine's outcome: delayed → moveToDelayed
 * + DelayedError (no attempt used), transient, infrastructure or a still-expired cursor (state
 * already dropped for a full round) → rethrow for BullMQ's backoff,
 * anything else → UnrecoverableError (state already recorded by the engine).
 */
export function createMailboxSyncProcessor(core: Core, options: MailboxSyncProcessorOptions) {
  const syncMailbox = createMailboxSyncer(core, { pageSize: options.pageSize });
  return async (payload: MailboxSyncPayload, job: Job, token: string | undefined): Promise<unknown> => {
    const delay = async (untilMs: number): Promise<never> => {
      await job.moveToDelayed(Math.ceil(untilMs), token);
      throw new DelayedError();
    };
    const slot: ConnectorSlotOptions = {
      redis: core.redis,
      prefix: core.queuePrefix,
      connectorId: payload.connectorId,
      holder: job.id ?? `${payload.mailboxId}`,
      limit: options.connectorConcurrency,
      leaseMs: options.connectorLeaseMs,
    };
    // The connector's back-off and a free slot, read in one round trip.
    const admission = await acquireConnectorSlot(slot);
    if (admission.backoffUntil > Date.now()) return delay(admission.backoffUntil);
    if (!admission.acquired) return delay(Date.now() + SLOT_RETRY_MS * (0.5 + Math.random()));

    let result;
    try {
      result = await syncMailbox(
        { ...payload, queuedAt: new Date(job.timestamp) },
        { onPageCommitted: connectorSlotRenewal(slot) },
      );
    } catch (error) {
      // Postgres/Redis failed outside the engine's own recording: BullMQ retries with back-off, and
      // the job's failure reason carries our words, never the driver's SQL and parameters.
      const infrastructure = classifyInfrastructureError(error);
      if (infrastructure) throw new Error(`${infrastructure.code}: ${infrastructure.message}`);
      throw error;
    } finally {
      await releaseConnectorSlot(slot);
    }
    await options.onSyncResult?.(payload, result).catch(() => undefined);

    switch (result.status) {
      case 'succeeded':
        await subscribeAfterSync(core, payload).catch((error: unknown) =>
          core.logger.warn(
            {
              mailboxId: payload.mailboxId,
              err: { message: error instanceof Error ? error.message : 'unknown' },
            },
            'graph subscription not queued',
          ),
        );
        return { runId: result.runId, kind: result.kind, ...result.stats };
      case 'skipped':
        return { skipped: result.reason };
      case 'delayed':
        return delay(result.untilMs);
      case 'failed': {
        const message = `${result.failure.code}: ${result.failure.message}`;
        if (result.transition.outcome === 'retry') throw new Error(message);
        throw new UnrecoverableError(message);
      }
    }
  };
}
