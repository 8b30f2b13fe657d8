/**
 * Horizontal proof on one machine (issue 18, goal 4). Run by hand:
 *   npx tsx bench/multi-process.ts [--mailboxes 400] [--events 50] [--connectors 4] [--concurrency 8] [--seconds 10]
 * One throwaway Postgres + Redis shared by every process, the emulator in scale mode, and the real
 * entries (apps/worker, apps/api) as child processes — the shape of deploy/compose.scale.yml.
 * Workers: the same mailboxes are synced twice, by fresh connectors each time (C connectors of N/C
 * mailboxes, default per-connector cap of 4): first with one worker process, then with two.
 * Printed per round: events/s, mailboxes synced more than once, most runs of one mailbox and of one
 * connector at the same time (from sync_runs), and each process's CPU. API: "one room, one day"
 * GraphQL reads at a fixed total concurrency against one API process, then split over two.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { scheduleConnector } from '@calsync/core';
import { seedConnector } from '../tests/e2e/sync/support/calsync-db.ts';
import { waitFor } from '../tests/e2e/sync/support/worker-process.ts';
import { connectOwner, parseBenchArgs, startBenchServices } from './bench-services.ts';
import { cpuMs, startApi, startWorker, type Child, type SharedEnv } from './multi-process-children.ts';
import { measureRoundOverlap, type RoundOverlap } from './multi-process-overlap.ts';
import { loadBenchData } from './query-data.ts';
import { mergeResults, runLoad, type LoadResult } from './query-load.ts';
import { startScaleOrganisation } from './scale-organisation.ts';

const {
  mailboxes: mailboxCount,
  events: perMailbox,
  connectors: connectorCount,
  concurrency,
  seconds,
} = parseBenchArgs({ mailboxes: 400, events: 50, connectors: 4, concurrency: 8, seconds: 10 });
const ADMIN_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;
const log = (message: string): void => console.log(`[multi] ${message}`);

interface WorkerRound {
  processes: number;
  eventsPerSecond: number;
  overlap: RoundOverlap;
  cpuMs: number[];
}

async function main(): Promise<void> {
  const services = await startBenchServices('multi');
  const { workDir, adminUrl, appUrl, redisUrl, stops } = services;
  try {
    const { emu, summary, addresses, key, core } = await startScaleOrganisation({
      workDir,
      appUrl,
      redisUrl,
      mailboxes: mailboxCount,
      eventsPerMailbox: perMailbox,
      stops,
    });
    const env: SharedEnv = {
      databaseUrl: appUrl,
      redisUrl,
      encryptionKeys: `bench:${key.toString('base64')}`,
      adminApiKey: ADMIN_KEY,
      emulatorUrl: emu.url,
      caCertPem: emu.caCertPem,
    };
    const owner = await connectOwner(services);
    const running: Child[] = [];
    stops.unshift(() => Promise.all(running.map((c) => c.stop())));

    /** Fresh connectors over every mailbox, scheduled as createConnector does; timed until all synced. */
    async function workerRound(round: string, workers: Child[]): Promise<WorkerRound> {
      const perConnector = Math.ceil(mailboxCount / connectorCount);
      const seeded = [];
      for (let c = 0; c < connectorCount; c++) {
        seeded.push(
          await seedConnector(adminUrl, core.secretBox, {
            slug: `${round}-${c}`,
            addresses: addresses.slice(c * perConnector, (c + 1) * perConnector),
            azureTenantId: summary.tenantId,
            clientId: summary.clientId,
            clientSecret: summary.clientSecret,
            pastDays: 7,
            futureDays: 60,
          }),
        );
      }
      const tenantIds = seeded.map((s) => s.tenantId);
      log(`round ${round}: ${connectorCount} connectors seeded, scheduling them`);
      const cpuBefore = workers.map((w) => cpuMs(w.pid));
      const started = performance.now();
      for (const s of seeded)
        await scheduleConnector(core, {
          tenantId: s.tenantId,
          connectorId: s.connectorId,
          // The column's default: the reconciler in each worker finds the scheduler as it wants it.
          intervalSeconds: 900,
          enabled: true,
        });
      await waitFor(
        async () =>
          (
            await owner.query<{ n: number }>(
              `select count(distinct mailbox_id)::int as n from sync_runs
               where tenant_id = any($1::uuid[]) and finished_at is not null`,
              [tenantIds],
            )
          ).rows[0]!.n >= mailboxCount,
        60 * 60_000,
        `round ${round}: every mailbox synced`,
      );
      const elapsed = (performance.now() - started) / 1000;
      // Late duplicates would start after the last first run: give them a moment to show.
      await new Promise((r) => setTimeout(r, 3000));
      const events = (
        await owner.query<{ n: number }>(
          'select count(*)::int as n from events where tenant_id = any($1::uuid[])',
          [tenantIds],
        )
      ).rows[0]!.n;
      return {
        processes: workers.length,
        eventsPerSecond: events / elapsed,
        overlap: await measureRoundOverlap(owner, tenantIds),
        cpuMs: workers.map((w, i) => cpuMs(w.pid) - cpuBefore[i]!),
      };
    }

    log(`emulator: ${mailboxCount} mailboxes × ${perMailbox} events; starting worker 1`);
    const workerOne = await startWorker('worker 1', env, concurrency);
    running.push(workerOne);
    const single = await workerRound('one', [workerOne]);
    const workerTwo = await startWorker('worker 2', env, concurrency);
    running.push(workerTwo);
    const double = await workerRound('two', [workerOne, workerTwo]);
    for (const r of [single, double]) {
      log(
        `${r.processes} worker process(es): ${r.eventsPerSecond.toFixed(0)} events/s; ` +
          `mailboxes synced more than once ${r.overlap.mailboxesRunTwice}; ` +
          `most runs at once: ${r.overlap.maxPerMailbox} per mailbox, ${r.overlap.maxPerConnector} per connector (cap 4); ` +
          `worker CPU ${r.cpuMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' + ')}`,
      );
    }
    log(`worker tier: 2 / 1 processes = ${(double.eventsPerSecond / single.eventsPerSecond).toFixed(2)}`);

    // API tier: reads of a loaded tenant through one, then two API processes; the workers are
    // stopped first so that the reads have the machine to themselves.
    await Promise.all([workerOne.stop(), workerTwo.stop()]);
    const { tenantKey } = await loadBenchData(adminUrl, 200, 200);
    const apis = [await startApi('api 1', env), await startApi('api 2', env)];
    running.push(...apis);
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const roomDay = () => {
      const start = new Date(today.getTime() + Math.floor(Math.random() * 30) * 86_400_000);
      return {
        method: 'POST' as const,
        path: '/graphql',
        body: JSON.stringify({
          query:
            'query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e) { nodes { id subject start end } } }',
          variables: {
            a: [`room-${String(1 + Math.floor(Math.random() * 200)).padStart(4, '0')}@bench.example`],
            s: start.toISOString(),
            e: new Date(start.getTime() + 86_400_000).toISOString(),
          },
        }),
      };
    };
    const headers = { authorization: `Bearer ${tenantKey}` };
    const load = async (targets: Child[], runSeconds: number): Promise<LoadResult> => {
      const results = await Promise.all(
        targets.map((t) =>
          runLoad({
            origin: t.url,
            headers,
            concurrency: concurrency / targets.length,
            seconds: runSeconds,
            next: roomDay,
          }),
        ),
      );
      const merged = mergeResults(results);
      // Both loads ran side by side: their rates add up.
      return { ...merged, perSecond: results.reduce((sum, r) => sum + r.perSecond, 0) };
    };
    await load(apis, 3);
    const oneApi: LoadResult[] = [];
    const twoApis: LoadResult[] = [];
    // A-B-B-A, so that other load on the machine falls on both alike.
    for (const side of ['one', 'two', 'two', 'one'] as const) {
      if (side === 'one') oneApi.push(await load([apis[0]!], seconds / 2));
      else twoApis.push(await load(apis, seconds / 2));
    }
    const rate = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.perSecond, 0) / runs.length;
    for (const [label, runs] of [
      ['1 API process', oneApi],
      ['2 API processes', twoApis],
    ] as const) {
      const merged = mergeResults(runs);
      log(
        `${label}: ${rate(runs).toFixed(0)} req/s, p50 ${merged.p50Ms.toFixed(1)} ms, p99 ${merged.p99Ms.toFixed(1)} ms, errors ${merged.errors}`,
      );
    }
    log(`API tier: 2 / 1 processes = ${(rate(twoApis) / rate(oneApi)).toFixed(2)}`);
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (2 cores)`,
    );
  } finally {
    await services.close();
  }
}

await main();
