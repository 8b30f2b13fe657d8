// Scenario 3: SIGTERM the worker and the API under load. In-flight pages finish or roll back (each is one
// transaction), in-flight requests get answers, both exit within their deadlines, and no job is lost: a new
// worker finishes every mailbox without anything being enqueued again.
import assert from 'node:assert/strict';
import { WORKER_SETTINGS, waitFor, type ChaosStack } from '../support/stack.ts';
import { seconds, sleep, syncableAddresses, syncRunStarted, type Scenario } from './scenario.ts';

/** Worker: CALSYNC_WORKER_CLOSE_TIMEOUT_MS plus closing its connections. API: draining requests. */
const WORKER_EXIT_BOUND_MS = Number(WORKER_SETTINGS.CALSYNC_WORKER_CLOSE_TIMEOUT_MS) + 5_000;
const API_EXIT_BOUND_MS = 10_000;

/** Keeps `concurrency` GraphQL reads in flight until stopped; counts answers by status. */
function loadOn(stack: ChaosStack, key: string, concurrency: number) {
  const statuses = new Map<string, number>();
  let running = true;
  const query = `query($s: DateTime!, $e: DateTime!) { events(start: $s, end: $e, first: 100) { nodes { id subject } } }`;
  const variables = {
    s: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    e: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const outcome = await fetch(`${stack.apiUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      }).then(
        (res) => String(res.status),
        () => 'refused',
      );
      statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
      if (outcome === 'refused') await sleep(50);
    }
  });
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export const gracefulStop: Scenario = {
  name: 'SIGTERM worker and API under load',
  async run(stack) {
    const tenant = await stack.seedTenant('chaos-term', await syncableAddresses(stack));
    const ids = tenant.mailboxes.map((m) => m.mailboxId);
    const worker = stack.startWorker();
    const since = new Date();
    await stack.enqueue(tenant, 'FULL');
    await waitFor(() => syncRunStarted(stack, since), 60_000, 'syncing to start');
    const load = loadOn(stack, tenant.key, 6);
    await sleep(1_000);

    const api = stack.processes.find((p) => p.name === 'api')!;
    const signalled = Date.now();
    const [workerExit, apiExit] = await Promise.all([
      worker.stop('SIGTERM').then((exit) => ({ ...exit, ms: Date.now() - signalled })),
      api.stop('SIGTERM').then((exit) => ({ ...exit, ms: Date.now() - signalled })),
    ]);
    await load.stop();
    stack.processes.splice(stack.processes.indexOf(api), 1);
    assert.equal(workerExit.signal, null, 'the worker died of the signal instead of shutting down');
    assert.ok(workerExit.ms <= WORKER_EXIT_BOUND_MS, `worker exited after ${workerExit.ms} ms`);
    assert.equal(apiExit.code, 0, 'the API did not exit cleanly');
    assert.ok(apiExit.ms <= API_EXIT_BOUND_MS, `API exited after ${apiExit.ms} ms`);
    // 503 is Fastify refusing a request that arrived after closing began (Connection: close, retry elsewhere).
    const failures = [...load.statuses].filter(([status]) => !['200', '503', 'refused'].includes(status));
    assert.deepEqual(failures, [], 'requests in flight at SIGTERM failed');

    // No job lost: without enqueuing anything, a new worker brings every mailbox to a finished round.
    const restarted = Date.now();
    stack.startApi();
    stack.startWorker();
    // Process start-up, not a stated bound: generous, as a loaded shared machine starts Node slowly.
    await waitFor(async () => (await stack.readyz()) === 200, 180_000, 'the API to come back');
    await stack.waitSynced(ids, since, 90_000);
    const finishedMs = Date.now() - restarted;
    const rows = await stack.expectExact(tenant.mailboxes);
    const answered = load.statuses.get('200') ?? 0;
    const refused = (load.statuses.get('503') ?? 0) + (load.statuses.get('refused') ?? 0);
    return (
      `worker exited ${seconds(workerExit.ms)} (code ${workerExit.code}, bound ${seconds(WORKER_EXIT_BOUND_MS)}), ` +
      `API ${seconds(apiExit.ms)} (bound ${seconds(API_EXIT_BOUND_MS)}); ${answered} requests answered, ${refused} refused while closed, 0 failed; ` +
      `restarted processes finished every mailbox in ${seconds(finishedMs)} with nothing re-enqueued; ` +
      `${tenant.mailboxes.length} mailboxes / ${rows} rows exact`
    );
  },
};
