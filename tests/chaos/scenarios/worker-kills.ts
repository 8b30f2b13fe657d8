// Scenario 1: SIGKILL the worker 20 times at random points of multi-page full syncs. Nothing is cleaned by
// hand: BullMQ's stalled-job check and the connector-slot lease expiry must finish every mailbox.
import assert from 'node:assert/strict';
import { waitFor } from '../support/stack.ts';
import { seconds, sleep, syncableAddresses, syncRunStarted, type Scenario } from './scenario.ts';

const KILLS = 20;
/** Lock (2 s) + stalled check (1 s) + slot lease (3 s) + one full sync of every mailbox: stated bound. */
export const WORKER_KILL_RECOVERY_BOUND_MS = 60_000;

export const workerKills: Scenario = {
  name: `worker SIGKILLed ${KILLS}× mid full sync`,
  async run(stack) {
    const tenant = await stack.seedTenant('chaos-kills', await syncableAddresses(stack));
    const ids = tenant.mailboxes.map((m) => m.mailboxId);
    const started = new Date();
    await stack.enqueue(tenant, 'FULL');
    let killedMidRound = 0;
    for (let i = 0; i < KILLS; i += 1) {
      await stack.emulator.emu.control.mutateRandomly(2);
      if (i % 4 === 3) await stack.enqueue(tenant, 'FULL');
      const before = new Date();
      const worker = stack.startWorker();
      await waitFor(
        async () =>
          (await syncRunStarted(stack, before)) || worker.lines().some((l) => l.includes('"worker started"')),
        60_000,
        'the worker to start',
      );
      await sleep(Math.random() * 1_500);
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
    const recoveryMs = await stack.waitSynced(ids, started, WORKER_KILL_RECOVERY_BOUND_MS);
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
      WORKER_KILL_RECOVERY_BOUND_MS - (Date.now() - recovering),
      'the sync queue to drain',
    );
    const drainedMs = Date.now() - recovering;

    // Rounds resumed after the kills show Graph as of when they began; one more round brings the rest.
    const final = new Date();
    await stack.enqueue(tenant, 'AUTO');
    await stack.waitSynced(ids, final, 60_000);
    const rows = await stack.expectExact(tenant.mailboxes);
    return `${KILLS} kills (${killedMidRound} mailbox rounds cut), every mailbox synced ${seconds(recoveryMs)} and queue drained ${seconds(drainedMs)} after restart (bound ${seconds(WORKER_KILL_RECOVERY_BOUND_MS)}), ${tenant.mailboxes.length} mailboxes / ${rows} rows exact`;
  },
};
