// SIGKILL the worker process at random points of multi-page syncs; after a restart the mirror is exact,
// and so is a consumer's copy built from the change feed (docs/change-feed.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMailboxSyncs, readEventChanges, type SyncMode } from '@calsync/core';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';
import { waitFor } from './support/worker-process.ts';

const ITERATIONS = 12;

let suite: SyncSuite;
let contoso: Awaited<ReturnType<SyncSuite['seedContoso']>>;

beforeAll(async () => {
  // Many small pages (maxpagesize exact, series may split): more page boundaries for a kill to land on.
  suite = await startSyncSuite(4, { behaviour: { seriesOnOnePage: false } });
  contoso = await suite.seedContoso();
  // Slower pages widen the window in which a kill lands mid-round.
  await suite.env.emu.control.addFault({ type: 'latency', ms: 15, route: 'delta', probability: 1 });
});

afterAll(async () => {
  await suite?.close();
});

async function enqueueAll(mode: SyncMode): Promise<void> {
  await enqueueMailboxSyncs(
    suite.core,
    contoso.mailboxes.map((m) => ({
      tenantId: contoso.seeded.tenantId,
      connectorId: contoso.seeded.connectorId,
      mailboxId: m.mailboxId,
      mode,
      trigger: 'MANUAL' as const,
    })),
  );
}

/**
 * A killed worker leaves its job active until BullMQ's stall check (30 s) and its connector
 * slot leases until they expire (60 s). Production waits those out; the test clears them so
 * twelve crashes fit in a minute or two. The database is left exactly as the kill left it.
 */
async function forgetKilledJobs(): Promise<void> {
  await suite.core.queues.sync.obliterate({ force: true });
  // Deduplication keys of the killed jobs would swallow the next enqueue of those mailboxes.
  const stale = [
    ...(await suite.core.redis.keys('calsync:slots:*')),
    ...(await suite.core.redis.keys('calsync:sync:de:*')),
  ];
  if (stale.length > 0) await suite.core.redis.del(...stale);
}

/** A change-feed consumer: its copy of the tenant's events and the cursor it stored. */
const feed = { copy: new Map<string, string | null>(), cursor: null as string | null, lastSeq: 0 };

/** Reads the feed on from the stored cursor, as a restarted consumer would, checking order. */
async function consumeFeed(tenantId: string): Promise<void> {
  for (;;) {
    const page = await readEventChanges(suite.core.db, tenantId, { after: feed.cursor, first: 50 });
    for (const change of page.nodes) {
      expect(change.seq).toBeGreaterThan(feed.lastSeq); // no duplicate, no reorder
      feed.lastSeq = change.seq;
      if (change.event) feed.copy.set(change.eventId, change.event.subject);
      else feed.copy.delete(change.eventId);
    }
    feed.cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return;
  }
}

async function expectFeedCopyExact(tenantId: string): Promise<void> {
  await consumeFeed(tenantId);
  const rows = await suite.admin.pool.query<{ id: string; subject: string | null }>(
    'select id, subject from events where tenant_id = $1',
    [tenantId],
  );
  expect(feed.copy).toEqual(new Map(rows.rows.map((r) => [r.id, r.subject])));
}

describe('crash safety', () => {
  it(
    `survives ${ITERATIONS} SIGKILLs mid-sync with no duplicates and no delta link ahead of its data`,
    { timeout: 300_000 },
    async () => {
      let killedMidRound = 0;
      for (let i = 0; i < ITERATIONS; i += 1) {
        await suite.env.emu.control.mutateRandomly(4);
        // Mailboxes with an unfinished round resume it: its pages show Graph as of when that round began
        // (the next round brings the rest). Only a round begun after the mutations must match Graph now.
        const freshRound = new Set<string>();
        for (const m of contoso.mailboxes)
          if ((await suite.admin.mailbox(m.mailboxId)).resumeCursor === null) freshRound.add(m.mailboxId);
        const iterationStart = new Date();
        await enqueueAll(i % 3 === 0 ? 'FULL' : 'AUTO');
        const worker = suite.startWorker({ pageSize: 2, syncConcurrency: 6 });
        // Kill once syncing has begun, anywhere from the first pages to the end.
        await waitFor(
          async () =>
            (await suite.admin.pool.query(`select 1 from sync_runs where started_at >= $1`, [iterationStart]))
              .rowCount! > 0,
          30_000,
          'the worker to start syncing',
        );
        await new Promise((r) => setTimeout(r, Math.random() * 1_200));
        await worker.kill('SIGKILL');
        await forgetKilledJobs();
        // Whatever the kill left committed, the feed has said exactly that, once, in order.
        await expectFeedCopyExact(contoso.seeded.tenantId);

        for (const m of contoso.mailboxes) {
          const counts = await suite.admin.eventCount(m.mailboxId);
          expect(counts.rows).toBe(counts.distinctSourceIds);
          const state = await suite.admin.mailbox(m.mailboxId);
          if (state.resumeCursor !== null) killedMidRound += 1;
          const finishedThisIteration = await suite.admin.pool.query(
            `select 1 from sync_runs where mailbox_id = $1 and status = 'SUCCEEDED' and finished_at >= $2`,
            [m.mailboxId, iterationStart],
          );
          // A delta link is only stored with the last page: whoever finished a round now matches Graph.
          if (
            freshRound.has(m.mailboxId) &&
            finishedThisIteration.rowCount &&
            state.cursor !== null &&
            state.resumeCursor === null
          )
            await suite.expectExact(m);
        }
      }
      expect(killedMidRound).toBeGreaterThan(0);

      await suite.env.emu.control.mutateRandomly(10);
      const finalStart = new Date();
      await enqueueAll('AUTO');
      suite.startWorker({ pageSize: 2 });
      await suite.waitForSynced(
        contoso.mailboxes.map((m) => m.mailboxId),
        90_000,
        finalStart,
      );
      for (const m of contoso.mailboxes) await suite.expectExact(m);
      await expectFeedCopyExact(contoso.seeded.tenantId);
      expect(feed.copy.size).toBeGreaterThan(0);
    },
  );
});
