import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import { createQueues, createRedisConnection, type MailboxSyncPayload, type Queues } from '../jobs/index.ts';
import { enqueueMailboxSyncs } from './enqueue-mailbox-syncs.ts';

const job = (tenantId: string, trigger: MailboxSyncPayload['trigger']): MailboxSyncPayload => ({
  tenantId,
  connectorId: randomUUID(),
  mailboxId: randomUUID(),
  mode: 'AUTO',
  trigger,
});

// A plain prefix, and one in a Redis Cluster hash tag (every key of the queue in one slot).
describe.each([
  ['a plain prefix', randomQueuePrefix()],
  ['a {hash-tagged} prefix', `{${randomQueuePrefix()}}`],
])('enqueueMailboxSyncs with %s', (_label, prefix) => {
  let queues: Queues;

  beforeAll(() => {
    queues = createQueues(createRedisConnection(testRedisUrl(), 'queue'), prefix);
  });

  afterAll(async () => {
    await queues.sync.obliterate({ force: true });
    await queues.close();
  });

  /** Mailbox ids of the next `count` sync jobs, in the order one worker (concurrency 1) runs them. */
  async function processedOrder(count: number): Promise<string[]> {
    const order: string[] = [];
    const worker = new Worker(
      'sync',
      (j) => {
        order.push((j.data as MailboxSyncPayload).mailboxId);
        return Promise.resolve(null);
      },
      { connection: createRedisConnection(testRedisUrl(), 'worker'), prefix, concurrency: 1 },
    );
    try {
      const until = Date.now() + 30_000;
      while (order.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
    }
    return order;
  }

  it('runs a manual sync requested after a large scheduled fan-out before the rest of the round', async () => {
    const fleet = randomUUID();
    const scheduled = Array.from({ length: 40 }, () => job(fleet, 'SCHEDULE'));
    const manual = job(randomUUID(), 'MANUAL');
    expect(await enqueueMailboxSyncs({ queues }, scheduled)).toBe(40);
    expect(await enqueueMailboxSyncs({ queues }, [manual])).toBe(1);

    const order = await processedOrder(41);
    expect(order[0]).toBe(manual.mailboxId);
    // The scheduled round itself still runs in full, in the order it was enqueued.
    expect(order.slice(1)).toEqual(scheduled.map((s) => s.mailboxId));
  });

  it('moves a mailbox already queued by the scheduled round ahead when a manual sync asks for it', async () => {
    const fleet = randomUUID();
    const scheduled = Array.from({ length: 40 }, () => job(fleet, 'SCHEDULE'));
    expect(await enqueueMailboxSyncs({ queues }, scheduled)).toBe(40);
    const last = scheduled.at(-1)!;
    // The same mailbox, asked for by a user: deduplicated (one pending job per mailbox), yet first.
    await enqueueMailboxSyncs({ queues }, [{ ...last, trigger: 'MANUAL' }]);
    expect(await queues.sync.getJobCountByTypes('wait', 'prioritized')).toBe(40);

    const order = await processedOrder(40);
    expect(order[0]).toBe(last.mailboxId);
    expect(order.slice(1)).toEqual(scheduled.slice(0, -1).map((s) => s.mailboxId));
  });
});
