import type { JobsOptions, Queue } from 'bullmq';
import {
  firstSyncJobId,
  mailboxSyncJobId,
  type MailboxFirstSyncPayload,
  type MailboxSyncPayload,
  type Queues,
} from '../jobs/index.ts';
import { traceCarrierField } from '../observability/tracing/index.ts';
import {
  clearFirstSyncMembers,
  firstSyncMembers,
  mailboxesWithSyncJobs,
  markFirstSyncMembers,
} from './first-sync-members.ts';

/** Attempts and backoff for transient failures; throttling and give-up are handled by the processor. */
export const MAILBOX_SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: 1_000,
};

/**
 * BullMQ priority of scheduled (routine) syncs. Jobs without a priority — manual syncs, change
 * notifications, recovery — are taken before any prioritized job, so a scheduler tick fanning out
 * thousands of mailboxes never makes a user's "sync now" wait behind the whole round.
 */
export const SCHEDULED_SYNC_PRIORITY = 10;

/**
 * Orders requests so tenants alternate (A1 B1 C1 A2 B2 ...): a tenant with
 * thousands of mailboxes does not push everyone else to the back of the queue.
 */
export function interleaveByTenant<T extends { tenantId: string }>(items: readonly T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.tenantId);
    if (group) group.push(item);
    else groups.set(item.tenantId, [item]);
  }
  const lists = [...groups.values()];
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i += 1) {
    for (const list of lists) {
      const item = list[i];
      if (item) out.push(item);
    }
  }
  return out;
}

/** How many mailboxes' pending jobs are looked up at once when a manual sync promotes them. */
const PROMOTE_CONCURRENCY = 50;

/**
 * Deduplication keeps a manual sync of a mailbox out of the queue while that mailbox's
 * scheduled job is still waiting — at the scheduled priority, behind the rest of the round.
 * The pending job is moved to the front instead (priority 0, taken before prioritized jobs).
 * A job that already started or finished meanwhile is left alone.
 */
async function promotePendingSyncs(queue: Queue, mailboxIds: readonly string[]): Promise<void> {
  for (let i = 0; i < mailboxIds.length; i += PROMOTE_CONCURRENCY) {
    await Promise.all(
      mailboxIds.slice(i, i + PROMOTE_CONCURRENCY).map(async (mailboxId) => {
        const jobId = await queue.getDeduplicationJobId(mailboxSyncJobId(mailboxId));
        const pending = jobId ? await queue.getJob(jobId) : undefined;
        if (!pending || pending.priority === 0 || (await pending.getState()) !== 'prioritized') return;
        // Taken by a worker between the two reads: nothing left to move.
        await pending.changePriority({ priority: 0 }).catch(() => undefined);
      }),
    );
  }
}

/**
 * Adds one `mailbox.sync` job per request with `addBulk`, deduplicated per
 * mailbox (`mailbox:<id>`): a mailbox with a pending or running sync gets no
 * second one, so Graph sees at most one request stream per mailbox. A manual
 * request for a mailbox whose scheduled job is still queued moves that job ahead.
 * Returns how many requests were handed to the queue.
 */
export async function enqueueMailboxSyncs(
  core: { queues: Queues },
  requests: readonly MailboxSyncPayload[],
): Promise<number> {
  if (requests.length === 0) return 0;
  const ordered = interleaveByTenant(await withoutBatchMembers(core, requests));
  // The jobs continue the caller's trace (a syncConnector mutation) when tracing is on.
  const trace = traceCarrierField();
  // addBulk of a few thousand jobs at a time keeps each Redis pipeline bounded.
  for (let i = 0; i < ordered.length; i += 2_000) {
    await core.queues.sync.addBulk(
      ordered.slice(i, i + 2_000).map((data) => ({
        name: 'mailbox.sync',
        data: { ...data, ...trace },
        opts: {
          ...MAILBOX_SYNC_JOB_OPTIONS,
          deduplication: { id: mailboxSyncJobId(data.mailboxId) },
          ...(data.trigger === 'SCHEDULE' ? { priority: SCHEDULED_SYNC_PRIORITY } : {}),
        },
      })),
    );
  }
  await promotePendingSyncs(
    core.queues.sync,
    requests.filter((r) => r.trigger !== 'SCHEDULE').map((r) => r.mailboxId),
  );
  // Mailboxes a batch covers count as queued: the batch syncs them.
  return requests.length;
}

/** Never-synced mailboxes per `mailbox.first-sync` job: a batch commits in one transaction. */
export const FIRST_SYNC_BATCH_SIZE = 25;

/** A sync request, and whether its mailbox never began a round (generation 0, no cursor). */
export type SyncRequest = MailboxSyncPayload & { fresh: boolean };

/**
 * Enqueues a connector's sync requests: mailboxes that never synced go in `mailbox.first-sync`
 * jobs of up to FIRST_SYNC_BATCH_SIZE (sync/first-sync-batch.ts: their first rounds commit
 * together), every other one as its own `mailbox.sync` job (enqueueMailboxSyncs). Only incremental
 * requests batch: a FULL request asks for one mailbox's state to be dropped and rebuilt.
 * Returns how many mailboxes were handed to the queue.
 */
export async function enqueueSyncRequests(
  core: { queues: Queues },
  requests: readonly SyncRequest[],
): Promise<number> {
  const candidates = requests.filter((r) => r.fresh && r.mode === 'AUTO');
  // A mailbox whose own job is already queued (a "sync now" a moment before) is left to that job.
  const queued = await mailboxesWithSyncJobs(
    core.queues.sync,
    candidates.map((r) => r.mailboxId),
    mailboxSyncJobId,
  );
  const batched = candidates.filter((r) => !queued.has(r.mailboxId));
  const inBatch = new Set(batched.map((r) => r.mailboxId));
  const single = requests
    .filter((r) => !inBatch.has(r.mailboxId))
    .map(({ fresh: _fresh, ...payload }) => payload);
  const trace = traceCarrierField();
  const jobs = firstSyncBatches(batched).map((data) => ({
    name: 'mailbox.first-sync' as const,
    data: { ...data, ...trace },
    opts: {
      ...MAILBOX_SYNC_JOB_OPTIONS,
      deduplication: { id: firstSyncJobId(data.connectorId, data.mailboxIds) },
      ...(data.trigger === 'SCHEDULE' ? { priority: SCHEDULED_SYNC_PRIORITY } : {}),
    },
  }));
  for (let i = 0; i < jobs.length; i += 500) {
    const slice = jobs.slice(i, i + 500);
    await markFirstSyncMembers(
      core.queues.sync,
      slice.flatMap((job) => job.data.mailboxIds),
    );
    await core.queues.sync.addBulk(slice);
  }
  return batched.length + (await enqueueMailboxSyncs(core, single));
}

/** Fresh requests grouped per tenant, connector and trigger, in mailbox order, in batches. */
function firstSyncBatches(requests: readonly SyncRequest[]): MailboxFirstSyncPayload[] {
  const groups = new Map<string, SyncRequest[]>();
  for (const r of requests) {
    const key = `${r.tenantId}/${r.connectorId}/${r.trigger}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const batches: MailboxFirstSyncPayload[] = [];
  for (const group of groups.values()) {
    const ids = group.map((r) => r.mailboxId).sort();
    const { tenantId, connectorId, trigger } = group[0] as SyncRequest;
    for (let i = 0; i < ids.length; i += FIRST_SYNC_BATCH_SIZE)
      batches.push({ tenantId, connectorId, trigger, mailboxIds: ids.slice(i, i + FIRST_SYNC_BATCH_SIZE) });
  }
  return interleaveByTenant(batches);
}

/** A retry of one mailbox's sync in a job of its own (a batch cannot retry only some of its mailboxes). */
export interface MailboxSyncRetry {
  payload: MailboxSyncPayload;
  /** Not before this instant (a throttled mailbox's Retry-After, or the job back-off's first delay). */
  notBefore: number;
}

/** Queues `mailbox.sync` jobs for mailboxes a first-sync batch could not finish, each after its delay. */
export async function enqueueMailboxSyncRetries(
  core: { queues: Queues },
  retries: readonly MailboxSyncRetry[],
): Promise<void> {
  if (retries.length === 0) return;
  const now = Date.now();
  await core.queues.sync.addBulk(
    retries.map(({ payload, notBefore }) => ({
      name: 'mailbox.sync' as const,
      data: payload,
      opts: {
        ...MAILBOX_SYNC_JOB_OPTIONS,
        deduplication: { id: mailboxSyncJobId(payload.mailboxId) },
        delay: Math.max(0, Math.ceil(notBefore - now)),
      },
    })),
  );
}

/**
 * A mailbox a first-sync batch will sync gets no job of its own meanwhile: the batch is its pending
 * sync, as a queued or running job is for BullMQ's deduplication (first-sync-members.ts).
 */
async function withoutBatchMembers(
  core: { queues: Queues },
  requests: readonly MailboxSyncPayload[],
): Promise<MailboxSyncPayload[]> {
  const members = await firstSyncMembers(
    core.queues.sync,
    requests.map((r) => r.mailboxId),
  );
  return requests.filter((r) => !members.has(r.mailboxId));
}

/** A batch is done with these mailboxes: they take jobs of their own again. */
export async function releaseFirstSyncMembers(
  core: { queues: Queues },
  mailboxIds: readonly string[],
): Promise<void> {
  await clearFirstSyncMembers(core.queues.sync, mailboxIds);
}
