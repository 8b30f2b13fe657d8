// Scenario 1: SIGKILL the worker 20 times at random points of multi-page full syncs. Nothing is cleaned by
// hand: BullMQ's stalled-job check and the connector-slot lease expiry must finish every mailbox.
import assert from 'node:assert/strict';
import { WORKER_SETTINGS, waitFor } from '../support/stack.ts';
import { seconds, sleep, syncableAddresses, type Scenario } from './scenario.ts';

const KILLS = 20;
/** What a killed worker's work waits for before another takes it: job lock, stalled check, slot lease. */
const TAKEOVER_MS =
  Number(WORKER_SETTINGS.CALSYNC_JOB_LOCK_MS) +
  Number(WORKER_SETTINGS.CALSYNC_STALLED_CHECK_MS) +
  Number(WORKER_SETTINGS.CALSYNC_CONNECTOR_LEASE_MS);
/**
 * Stated bound after the last restart: takeover + three times one clean full sync of every mailbox
 * (measured first, on the same machine under the same load): the cut rounds resume, then each
 * mailbox runs one incremental round to catch up with Graph.
 */
export function workerKillRecoveryBoundMs(cleanSyncMs: number): number {
  return TAKEOVER_MS + 3 * cleanSyncMs;
}

export const workerKills: Scenario = {
  name: `worker SIGKILLed ${KILLS}× mid full sync`,
  async run(stack) {
    const tenant = await stack.seedTenant('chaos-kills', await syncableAddresses(stack));
    const ids = tenant.mailboxes.map((m) => m.mailboxId);
    // The yardstick: one clean full sync of every mailbox, no kills.
    const clean = stack.startWorker();
    const cleanSince = new Date();
    await stack.enqueue(tenant, 'FULL');
    const cleanSyncMs = await stack.waitSynced(ids, cleanSince, 120_000);
    await clean.stop('SIGKILL');
    const bound = workerKillRecoveryBoundMs(cleanSyncMs);

    const started = new Date();
    await stack.enqueue(tenant, 'FULL');
    let killedMidRound = 0;
    for (let i = 0; i < KILLS; i += 1) {
      await stack.emulator.emu.control.mutateRandomly(2);
      // Keep full rounds going (deduplicated while a mailbox's job is pending or running).
      await stack.enqueue(tenant, 'FULL');
      const worker = stack.startWorker();
      // Kill only once a round is open (a page committed, more to come), then at a random later point.
      // A full request can be absorbed by a pending job of the mailbox (a scheduled tick's delta round
      // queued first, deduplicated): asked again every second until a full round is seen open.
      let askedAt = Date.now();
      await waitFor(
        async () => {
          const open = await stack.admin.pool.query(
            'select 1 from mailboxes where id = any($1::uuid[]) and resume_cursor is not null limit 1',
            [ids],
          );
          if ((open.rowCount ?? 0) > 0) return true;
          if (Date.now() - askedAt > 1_000) {
            askedAt = Date.now();
            await stack.enqueue(tenant, 'FULL');
          }
          return false;
        },
        60_000,
        'a round to be in progress',
      );
      await sleep(Math.random() * 1_000);
      await worker.stop('SIGKILL');
      const open = await stack.admin.pool.query(
        'select count(*)::int as n from mailboxes where id = any($1::uuid[]) and resume_cursor is not null',
        [ids],
      );
      killedMidRound += (open.rows[0] as { n: number }).n;
      const dupes = await stack.admin.pool.query(
        'select count(*)::int as n from (select 1 from events where mailbox_id = any($1::uuid[]) group by mailbox_id, source_id having count(*) > 1) d',
        [ids],
      );
      assert.equal((dupes.rows[0] as { n: number }).n, 0, 'duplicated rows after a kill');
    }
    assert.ok(killedMidRound > 0, 'no kill landed in the middle of a round');

    // Recovery: one worker, nothing cleaned. Stalled jobs come back, leases expire, rounds finish.
    const recovering = Date.now();
    stack.startWorker();
    const recoveryMs = await stack.waitSynced(ids, started, bound);
    await waitFor(
      async () => {
        const counts = await stack.core.queues.sync.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'prioritized',
        );
        return Object.values(counts).every((n) => n === 0);
      },
      Math.max(1, bound - (Date.now() - recovering)),
      'the sync queue to drain',
    );
    const drainedMs = Date.now() - recovering;

    // Rounds resumed after the kills show Graph as of when they began; one more round brings the rest.
    const final = new Date();
    await stack.enqueue(tenant, 'AUTO');
    await stack.waitSynced(ids, final, 60_000);
    const rows = await stack.expectExact(tenant.mailboxes);
    return (
      `${KILLS} kills (${killedMidRound} mailbox rounds cut), every mailbox synced ${seconds(recoveryMs)} and queue ` +
      `drained ${seconds(drainedMs)} after restart (bound ${seconds(bound)}: takeover ${seconds(TAKEOVER_MS)} + 3 × ` +
      `clean full sync ${seconds(cleanSyncMs)}), ${tenant.mailboxes.length} mailboxes / ${rows} rows exact`
    );
  },
};
