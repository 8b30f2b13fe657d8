// Scenario 2: Redis (AOF) SIGKILLed and restarted mid-sync, then Postgres SIGKILLed and restarted mid-sync.
// /readyz must report each outage and recover; a live subscription must keep receiving; no mailbox turns
// ERROR; afterwards every mailbox equals Graph; every log line of the API and the worker stays structured.
import assert from 'node:assert/strict';
import { connectGraphqlWs } from '../../support/graphql-ws-client.ts';
import { unstructuredLines } from '../support/processes.ts';
import { waitFor, type ChaosStack } from '../support/stack.ts';
import { seconds, sleep, syncableAddresses, syncRunStarted, type Scenario } from './scenario.ts';

const OUTAGE_MS = 4_000;
/** Infrastructure failures are retried with back-off (5 s, 10 s, ...): stated bound for every mailbox. */
export const INFRASTRUCTURE_RECOVERY_BOUND_MS = 90_000;

async function outage(stack: ChaosStack, kill: () => Promise<void>, start: () => Promise<void>) {
  await kill();
  const down = Date.now();
  await waitFor(async () => (await stack.readyz()) === 503, 15_000, '/readyz to report the outage');
  const reportedMs = Date.now() - down;
  await sleep(OUTAGE_MS);
  const restarted = Date.now();
  await start();
  await waitFor(async () => (await stack.readyz()) === 200, 30_000, '/readyz to recover');
  return { reportedMs, readyAgainMs: Date.now() - restarted };
}

export const infrastructureRestarts: Scenario = {
  name: 'Redis and Postgres killed mid-sync',
  async run(stack) {
    const tenant = await stack.seedTenant('chaos-infra', await syncableAddresses(stack));
    const ids = tenant.mailboxes.map((m) => m.mailboxId);
    const api = stack.processes.find((p) => p.name === 'api')!;
    const apiLinesBefore = api.lines().length;
    // A production-like job lock outlives the outages (the suite's 2 s lock is for the kill scenario).
    const worker = stack.startWorker({ CALSYNC_JOB_LOCK_MS: '20000', CALSYNC_STALLED_CHECK_MS: '5000' });
    const ws = await connectGraphqlWs(`${stack.apiUrl.replace('http', 'ws')}/graphql`, {
      authorization: `Bearer ${tenant.key}`,
    });
    try {
      await ws.next((m) => m.type === 'connection_ack');
      ws.send({
        id: 'live',
        type: 'subscribe',
        payload: { query: 'subscription { eventChanged { kind eventId event { subject } } }' },
      });
      const since = new Date();
      await stack.enqueue(tenant, 'FULL');
      await waitFor(() => syncRunStarted(stack, since), 60_000, 'syncing to start');

      const redis = await outage(
        stack,
        () => stack.services.killRedis(),
        () => stack.services.startRedis(),
      );
      await waitFor(
        () => syncRunStarted(stack, new Date(Date.now() - 1_000)),
        30_000,
        'syncing to resume after Redis',
      );
      const postgres = await outage(
        stack,
        () => stack.services.killPostgres(),
        () => stack.services.startPostgres(),
      );

      const syncedMs = await stack.waitSynced(ids, since, INFRASTRUCTURE_RECOVERY_BOUND_MS);
      const errored = await stack.admin.pool.query(
        `select address, last_error from mailboxes where id = any($1::uuid[]) and sync_status = 'ERROR'`,
        [ids],
      );
      assert.deepEqual(errored.rows, [], 'an infrastructure outage marked mailboxes ERROR');

      // Live updates resume: a change made in Outlook after both outages reaches the open subscription.
      const room = tenant.mailboxes[0]!;
      const soon = new Date(Date.now() + 86_400_000);
      const subject = `After the outages ${soon.getTime()}`;
      await stack.emulator.emu.control.createEvent(room.address, {
        subject,
        start: { dateTime: soon.toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: new Date(soon.getTime() + 3_600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      });
      const liveSince = new Date();
      await stack.enqueue({ ...tenant, mailboxes: [room] }, 'AUTO');
      const pushedAt = Date.now();
      await ws.next(
        (m) => m.type === 'next' && m.payload?.data?.eventChanged?.event?.subject === subject,
        30_000,
      );
      const liveMs = Date.now() - pushedAt;
      await stack.waitSynced([room.mailboxId], liveSince, 30_000);
      const rows = await stack.expectExact(tenant.mailboxes);

      const lines = [...api.lines().slice(apiLinesBefore), ...worker.lines()];
      assert.deepEqual(unstructuredLines(lines).slice(0, 5), [], 'raw (non-JSON) output during the outages');
      const recovered = lines.filter((l) => l.includes('redis connection recovered')).length;
      assert.ok(recovered >= 1, 'no "redis connection recovered" line');
      return (
        `Redis: /readyz 503 after ${seconds(redis.reportedMs)}, 200 ${seconds(redis.readyAgainMs)} after restart; ` +
        `Postgres: 503 after ${seconds(postgres.reportedMs)}, 200 ${seconds(postgres.readyAgainMs)} after restart; ` +
        `all synced ${seconds(syncedMs)} after the first enqueue (bound ${seconds(INFRASTRUCTURE_RECOVERY_BOUND_MS)}), 0 ERROR; ` +
        `live push ${seconds(liveMs)} after the change; ${lines.length} log lines, all JSON; ${tenant.mailboxes.length} mailboxes / ${rows} rows exact`
      );
    } finally {
      ws.close();
    }
  },
};
