import { UnrecoverableError, type Job } from 'bullmq';
import {
  subscribeAfterSync,
  createMailboxSyncer,
  type Core,
  type MailboxSyncPayload,
  type MailboxSyncResult,
} from '@calsync/core';
import { delayJob, inConnectorSlot, type ConnectorAdmissionOptions } from './connector-admission.ts';

export interface MailboxSyncProcessorOptions extends ConnectorAdmissionOptions {
  /** `Prefer: odata.maxpagesize` (tests use small pages to get many). */
  pageSize?: number | undefined;
  /** Observes every engine result (metrics); its failures never fail the job. */
  onSyncResult?: ((payload: MailboxSyncPayload, result: MailboxSyncResult) => Promise<void>) | undefined;
}

/**
 * mailbox.sync: thin glue between BullMQ and the sync engine. Runs in a
 * per-connector slot (fairness) after the connector's Graph back-off, and maps the engine's
 * outcome: delayed → moveToDelayed + DelayedError (no attempt used), transient, infrastructure or a
 * still-expired cursor (state already dropped for a full round) → rethrow for BullMQ's backoff,
 * anything else → UnrecoverableError (state already recorded by the engine).
 */
export function createMailboxSyncProcessor(core: Core, options: MailboxSyncProcessorOptions) {
  const syncMailbox = createMailboxSyncer(core, { pageSize: options.pageSize });
  return async (payload: MailboxSyncPayload, job: Job, token: string | undefined): Promise<unknown> => {
    const result = await inConnectorSlot(core, options, job, token, payload.connectorId, (renew) =>
      syncMailbox({ ...payload, queuedAt: new Date(job.timestamp) }, { onPageCommitted: renew }),
    );
    await afterSync(core, options, payload, result);
    switch (result.status) {
      case 'succeeded':
        return { runId: result.runId, kind: result.kind, ...result.stats };
      case 'skipped':
        return { skipped: result.reason };
      case 'delayed':
        return delayJob(job, token, result.untilMs);
      case 'failed': {
        const message = `${result.failure.code}: ${result.failure.message}`;
        if (result.transition.outcome === 'retry') throw new Error(message);
        throw new UnrecoverableError(message);
      }
    }
  };
}

/** What follows a mailbox's sync, whatever job ran it: metrics, and Graph subscription upkeep on success. */
export async function afterSync(
  core: Core,
  options: Pick<MailboxSyncProcessorOptions, 'onSyncResult'>,
  payload: MailboxSyncPayload,
  result: MailboxSyncResult,
): Promise<void> {
  await options.onSyncResult?.(payload, result).catch(() => undefined);
  if (result.status !== 'succeeded') return;
  await subscribeAfterSync(core, payload).catch((error: unknown) =>
    core.logger.warn(
      {
        mailboxId: payload.mailboxId,
        err: { message: error instanceof Error ? error.message : 'unknown' },
      },
      'graph subscription not queued',
    ),
  );
}
