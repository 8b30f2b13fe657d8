import type { Job } from 'bullmq';
import {
  createFirstSyncBatchRunner,
  enqueueMailboxSyncRetries,
  releaseFirstSyncMembers,
  type Core,
  type MailboxFirstSyncPayload,
  type MailboxSyncPayload,
  type MailboxSyncRetry,
} from '@calsync/core';
import { inConnectorSlots } from './connector-admission.ts';
import { afterSync, type MailboxSyncProcessorOptions } from './mailbox-sync.ts';

/**
 * Mailboxes of a batch that continue at once past their first page, each in a connector slot of its
 * own (taken only when free): a batch of large mailboxes goes about as fast as their own jobs
 * would, while a batch of small ones, read one by one, never asks for more than one slot.
 */
const MAX_PARALLEL_MAILBOXES = 4;

/** A mailbox the batch could not finish for a passing reason is retried on its own after this long. */
const RETRY_AFTER_MS = 5_000;

/**
 * mailbox.first-sync: never-synced mailboxes of one connector synced in one job, inside one
 * connector slot, more when large mailboxes continue (sync/first-sync-batch.ts). Each mailbox's outcome is its own: metrics and Graph
 * subscription upkeep as for a `mailbox.sync` job; a throttled mailbox or a passing failure gets a
 * `mailbox.sync` job of its own (after Retry-After, or the job back-off's first delay), since the
 * batch cannot be retried for some of its mailboxes only; other failures are recorded by the engine.
 * Each mailbox accepts jobs of its own again as soon as the batch is done with it, all of them once
 * the job ends (sync/first-sync-members.ts).
 */
export function createMailboxFirstSyncProcessor(core: Core, options: MailboxSyncProcessorOptions) {
  const runBatch = createFirstSyncBatchRunner(core, { pageSize: options.pageSize });
  return async (payload: MailboxFirstSyncPayload, job: Job, token: string | undefined): Promise<unknown> => {
    const outcomes = await inConnectorSlots(
      core,
      options,
      job,
      token,
      payload.connectorId,
      ({ renew, widen }) =>
        runBatch(
          {
            ...payload,
            queuedAt: new Date(job.timestamp),
            onSettled: (ids) => releaseFirstSyncMembers(core, ids),
            widen: (more) => widen(Math.min(more, MAX_PARALLEL_MAILBOXES - 1)),
          },
          { onPageCommitted: renew },
        ),
    ).finally(() => releaseFirstSyncMembers(core, payload.mailboxIds));
    const retries: MailboxSyncRetry[] = [];
    const counts = { succeeded: 0, skipped: 0, failed: 0, retried: 0 };
    for (const { mailboxId, result } of outcomes) {
      const mailbox: MailboxSyncPayload = {
        tenantId: payload.tenantId,
        connectorId: payload.connectorId,
        mailboxId,
        mode: 'AUTO',
        trigger: payload.trigger,
      };
      await afterSync(core, options, mailbox, result);
      if (result.status === 'delayed') retries.push({ payload: mailbox, notBefore: result.untilMs });
      else if (result.status === 'failed' && result.transition.outcome === 'retry')
        retries.push({ payload: mailbox, notBefore: Date.now() + RETRY_AFTER_MS });
      else counts[result.status] += 1;
    }
    await enqueueMailboxSyncRetries(core, retries);
    return { ...counts, retried: retries.length };
  };
}
