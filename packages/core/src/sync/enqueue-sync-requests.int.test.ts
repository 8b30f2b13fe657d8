// A connector tick's requests: never-synced mailboxes in first-sync batches, the rest one job each.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import {
  createQueues,
  createRedisConnection,
  type MailboxFirstSyncPayload,
  type Queues,
} from '../jobs/index.ts';
import {
  enqueueMailboxSyncRetries,
  enqueueMailboxSyncs,
  enqueueSyncRequests,
  FIRST_SYNC_BATCH_SIZE,
  releaseFirstSyncMembers,
  type SyncRequest,
} from './enqueue-mailbox-syncs.ts';

let queues: Queues;
const tenantId = randomUUID();
const connectorId = randomUUID();

const request = (fresh: boolean, mode: SyncRequest['mode'] = 'AUTO'): SyncRequest => ({
  tenantId,
  connectorId,
  mailboxId: randomUUID(),
  mode,
  trigger: 'SCHEDULE',
  fresh,
});

beforeAll(() => {
  queues = createQueues(createRedisConnection(testRedisUrl(), 'queue'), randomQueuePrefix());
});
afterAll(async () => {
  await queues.sync.obliterate({ force: true });
  await queues.close();
});

async function queued() {
  const jobs = await queues.sync.getJobs(['prioritized', 'waiting', 'delayed']);
  return {
    batches: jobs
      .filter((j) => j.name === 'mailbox.first-sync')
      .map((j) => j.data as MailboxFirstSyncPayload),
    singles: jobs
      .filter((j) => j.name === 'mailbox.sync')
      .map((j) => (j.data as { mailboxId: string }).mailboxId),
  };
}

describe('enqueueSyncRequests', () => {
  it('batches never-synced mailboxes, queues the rest one by one, and queues a batch once', async () => {
    const fresh = Array.from({ length: 60 }, () => request(true));
    const synced = Array.from({ length: 3 }, () => request(false));
    const fullOfFresh = request(true, 'FULL');
    const all = [...fresh, ...synced, fullOfFresh];
    expect(await enqueueSyncRequests({ queues }, all)).toBe(all.length);

    const { batches, singles } = await queued();
    expect(batches.map((b) => b.mailboxIds.length).sort((a, b) => a - b)).toEqual([
      10,
      FIRST_SYNC_BATCH_SIZE,
      FIRST_SYNC_BATCH_SIZE,
    ]);
    expect(batches.flatMap((b) => b.mailboxIds).sort()).toEqual(fresh.map((r) => r.mailboxId).sort());
    expect(
      batches.every(
        (b) => b.tenantId === tenantId && b.connectorId === connectorId && b.trigger === 'SCHEDULE',
      ),
    ).toBe(true);
    // A FULL request rebuilds one mailbox's state: never batched.
    expect(singles.sort()).toEqual([...synced, fullOfFresh].map((r) => r.mailboxId).sort());
    // The payload carries ids only, no freshness flag.
    const single = (await queues.sync.getJobs(['prioritized'])).find((j) => j.name === 'mailbox.sync');
    expect(Object.keys(single?.data ?? {}).sort()).toEqual([
      'connectorId',
      'mailboxId',
      'mode',
      'tenantId',
      'trigger',
    ]);

    // The next tick while they wait: the same batches are deduplicated, as single jobs are.
    await enqueueSyncRequests({ queues }, all);
    const again = await queued();
    expect(again.batches).toHaveLength(3);
    expect(again.singles).toHaveLength(4);
  });

  it('keeps one pending sync per mailbox across batches and single jobs', async () => {
    const before = await queued();
    // A "sync now" queued a moment before the tick: that job syncs it, no batch does.
    const asked = request(true);
    const { fresh: _asked, ...askedPayload } = asked;
    await enqueueMailboxSyncs({ queues }, [askedPayload]);
    const newcomer = request(true);
    await enqueueSyncRequests({ queues }, [asked, newcomer]);
    const after = await queued();
    expect(after.batches.length - before.batches.length).toBe(1);
    expect(after.batches.at(-1)?.mailboxIds ?? after.batches.flatMap((b) => b.mailboxIds)).not.toContain(
      asked.mailboxId,
    );
    expect(after.batches.some((b) => b.mailboxIds.includes(newcomer.mailboxId))).toBe(true);
    expect(after.singles.filter((id) => id === asked.mailboxId)).toHaveLength(1);

    // A "sync now" of a mailbox its batch will sync: no second job while the batch is queued...
    const { fresh: _newcomer, ...newcomerPayload } = newcomer;
    expect(await enqueueMailboxSyncs({ queues }, [{ ...newcomerPayload, trigger: 'MANUAL' }])).toBe(1);
    expect((await queued()).singles).not.toContain(newcomer.mailboxId);
    // ...and one once the batch has let the mailbox go.
    await releaseFirstSyncMembers({ queues }, [newcomer.mailboxId]);
    await enqueueMailboxSyncs({ queues }, [{ ...newcomerPayload, trigger: 'MANUAL' }]);
    expect((await queued()).singles.filter((id) => id === newcomer.mailboxId)).toHaveLength(1);
  });

  it('queues a retry of one mailbox after its delay, deduplicated with its other jobs', async () => {
    const retried = request(false);
    const { fresh: _fresh, ...payload } = retried;
    await enqueueMailboxSyncRetries({ queues }, [{ payload, notBefore: Date.now() + 60_000 }]);
    await enqueueMailboxSyncRetries({ queues }, [{ payload, notBefore: Date.now() + 60_000 }]);
    const delayed = (await queues.sync.getJobs(['delayed'])).filter(
      (j) => (j.data as { mailboxId: string }).mailboxId === retried.mailboxId,
    );
    expect(delayed).toHaveLength(1);
    expect(delayed[0]?.opts.delay).toBeGreaterThan(55_000);
  });
});
