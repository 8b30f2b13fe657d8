/**
 * Per-mailbox fixed cost at scale (issue 18, goal 3). Run by hand:
 *   npx tsx bench/scale.ts [--mailboxes 10000] [--events 5] [--concurrency 32] [--compiled] [--setup-only]
 * Starts a throwaway Postgres + Redis and the emulator in scale mode (N room mailboxes × M events),
 * the REAL worker as a child process, and syncs every mailbox once (initial round). Then, nothing
 * changing in the emulator, it times one scheduled round (connector.tick → N delta syncs) and reports:
 *  - the fan-out: how long enqueueConnectorTick takes for N mailboxes;
 *  - a manual sync of another tenant's mailbox, and one of a fleet mailbox the round already queued,
 *    requested right after the fan-out: how long each waits (neither may queue behind the N jobs);
 *  - Graph requests and worker CPU per unchanged mailbox round, worker RSS after the round and its peak
 *    (VmHWM: the most the process ever held, start-up and initial sync included);
 *  - Redis memory per mailbox (BullMQ keys in steady state) and Postgres bytes per stored event.
 * It first logs how long the set-up took (the emulator's organisation, then calsync's tenants and
 * mailboxes); `--setup-only` stops there, to time the set-up of 100,000 mailboxes without syncing them.
 * The worker runs from its tsx source; `--compiled` runs the production bundle instead (`npm run build`,
 * plain node with the flags of `npm run start:worker`), so its memory figures are production's.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { enqueueConnectorTick, requestMailboxSync } from '@calsync/core';
import { Redis } from 'ioredis';
import { seedConnector } from '../tests/e2e/sync/support/calsync-db.ts';
import { waitFor } from '../tests/e2e/sync/support/worker-process.ts';
import { connectOwner, parseBenchArgs, startBenchServices, startBenchWorker } from './bench-services.ts';
import { buildServices } from './compiled-worker.ts';
import { startScaleOrganisation } from './scale-organisation.ts';

const {
  mailboxes: mailboxCount,
  events: perMailbox,
  concurrency,
  'cpu-prof': cpuProfileDir,
  compiled,
  'setup-only': setupOnly,
} = parseBenchArgs(
  { mailboxes: 10000, events: 5, concurrency: 32 },
  ['cpu-prof'],
  ['compiled', 'setup-only'],
);
const log = (message: string): void => console.log(`[scale] ${message}`);

/** User + system CPU of a process, in ms, from /proc (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MB: now (VmRSS) and the most it ever held (VmHWM, its peak). */
function rssMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const describeRss = (pid: number): string => {
  const rss = rssMb(pid);
  return `worker RSS ${rss.now.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB, ${compiled ? 'compiled bundle' : 'tsx source'})`;
};

async function redisUsedBytes(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * Reads Redis has served so far (each one a client's write: a command or a pipeline), and the bytes
 * received. Every client counts, but during the round the worker is by far the busiest.
 */
async function redisTraffic(redis: Redis): Promise<{ reads: number; bytes: number }> {
  const info = await redis.info('stats');
  const stat = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? 0);
  return { reads: stat('total_reads_processed'), bytes: stat('total_net_input_bytes') };
}

/**
 * How often the finished runs are counted while waiting. The count reads every run since the round
 * began (no index serves it), so at 100,000 mailboxes counting at waitFor's pace (100 ms) would take
 * Postgres from the worker it measures; up to 10,000 mailboxes it stays at 100 ms.
 */
const COUNT_EVERY_MS = Math.max(100, mailboxCount / 100);

/** `count` run at most every COUNT_EVERY_MS; in between, the last answer (0 before the first). */
function spacedOut(count: () => Promise<number>): () => Promise<number> {
  let last = 0;
  let countedAt = -Infinity;
  return async () => {
    if (performance.now() - countedAt < COUNT_EVERY_MS) return last;
    countedAt = performance.now();
    last = await count();
    return last;
  };
}

async function main(): Promise<void> {
  // Built before the services start: a failing build ends the run before a long set-up.
  if (compiled) buildServices();
  const services = await startBenchServices('scale');
  const { workDir, adminUrl, appUrl, redisUrl, stops } = services;
  try {
    const redisClient = new Redis(redisUrl);
    stops.unshift(() => redisClient.quit());

    log(`scale organisation: ${mailboxCount} mailboxes × ${perMailbox} events`);
    const setupTimer = performance.now();
    const { emu, summary, addresses, key, core } = await startScaleOrganisation({
      workDir,
      appUrl,
      redisUrl,
      mailboxes: mailboxCount,
      eventsPerMailbox: perMailbox,
      stops,
    });
    const emulatorSeconds = (performance.now() - setupTimer) / 1000;
    const credentials = {
      azureTenantId: summary.tenantId,
      clientId: summary.clientId,
      clientSecret: summary.clientSecret,
      pastDays: 7,
      futureDays: 60,
    };
    const fleet = await seedConnector(adminUrl, core.secretBox, { slug: 'fleet', addresses, ...credentials });
    // Another tenant with one mailbox: its manual sync is requested in the middle of the fleet's round.
    const other = await seedConnector(adminUrl, core.secretBox, {
      slug: 'other',
      addresses: addresses.slice(0, 1),
      ...credentials,
    });
    const otherMailboxId = [...other.mailboxIds.values()][0]!;
    const setupSeconds = (performance.now() - setupTimer) / 1000;
    log(
      `set-up of ${mailboxCount} mailboxes: ${setupSeconds.toFixed(1)} s (emulator organisation ${emulatorSeconds.toFixed(1)} s, ` +
        `calsync tenants and mailboxes ${(setupSeconds - emulatorSeconds).toFixed(1)} s)`,
    );
    if (setupOnly) return;

    const redisBaseline = await redisUsedBytes(redisClient);
    const worker = startBenchWorker(
      services,
      {
        encryptionKeys: `bench:${key.toString('base64')}`,
        emulatorUrl: emu.url,
        caCertPem: emu.caCertPem,
        syncConcurrency: concurrency,
        connectorConcurrency: concurrency,
        // The profile is written when the worker exits (SIGTERM at the end of the run).
        ...(cpuProfileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] } : {}),
      },
      { compiled },
    );
    const pid = worker.child.pid!;
    const owner = await connectOwner(services);

    const finishedRunsSince = (since: Date): (() => Promise<number>) =>
      spacedOut(
        async () =>
          (
            await owner.query<{ n: number }>(
              'select count(*)::int as n from sync_runs where started_at >= $1 and finished_at is not null',
              [since],
            )
          ).rows[0]!.n,
      );

    // Initial round: the worker's start-up reconcile ticks every connector at once.
    const initialStart = new Date(Date.now() - 60_000);
    const initialTimer = performance.now();
    const initialRuns = finishedRunsSince(initialStart);
    await waitFor(
      async () => (await initialRuns()) >= mailboxCount + 1,
      60 * 60_000,
      'the initial sync of every mailbox',
    );
    const events = Number(
      (await owner.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n,
    );
    log(
      `initial sync: ${events.toLocaleString('en')} events in ${((performance.now() - initialTimer) / 1000).toFixed(1)} s (incl. worker start-up); ${describeRss(pid)}`,
    );

    // Steady state: one scheduled round with nothing changed at the source.
    await new Promise((r) => setTimeout(r, 2000));
    emu.state.requestLog.clear();
    const roundStart = new Date();
    const cpuBefore = cpuMs(pid);
    const redisBefore = await redisTraffic(redisClient);
    const fanOutTimer = performance.now();
    const enqueued = await enqueueConnectorTick(core, fleet.tenantId, fleet.connectorId);
    const fanOutSeconds = (performance.now() - fanOutTimer) / 1000;
    const manualTimer = performance.now();
    await requestMailboxSync(
      core,
      { role: 'ADMIN', tenantId: other.tenantId, keyId: 'bench' },
      otherMailboxId,
      false,
    );
    // A user's "sync now" of a fleet mailbox the round already queued: the pending scheduled job
    // moves ahead (deduplication keeps it one job).
    const queuedMailboxId = [...fleet.mailboxIds.values()].at(-1)!;
    const queuedTimer = performance.now();
    await requestMailboxSync(
      core,
      { role: 'ADMIN', tenantId: fleet.tenantId, keyId: 'bench' },
      queuedMailboxId,
      false,
    );
    const doneAt = new Map<string, number>();
    const roundTimer = performance.now();
    const roundRuns = finishedRunsSince(roundStart);
    await waitFor(
      async () => {
        for (const [tenantId, mailboxId, timer] of [
          [other.tenantId, otherMailboxId, manualTimer],
          [fleet.tenantId, queuedMailboxId, queuedTimer],
        ] as const) {
          if (doneAt.has(mailboxId)) continue;
          // With the tenant, the (tenant, mailbox, started_at) index answers at 100 ms pace at any size.
          const done = await owner.query<{ n: number }>(
            'select count(*)::int as n from sync_runs where tenant_id = $1 and mailbox_id = $2 and started_at >= $3 and finished_at is not null',
            [tenantId, mailboxId, roundStart],
          );
          if (done.rows[0]!.n > 0) doneAt.set(mailboxId, (performance.now() - timer) / 1000);
        }
        return (await roundRuns()) >= enqueued + 1;
      },
      60 * 60_000,
      'the scheduled round',
    );
    const roundSeconds = (performance.now() - roundTimer) / 1000;
    const cpuPerMailbox = (cpuMs(pid) - cpuBefore) / (enqueued + 1);
    const redisAfter = await redisTraffic(redisClient);
    const redisReadsPerMailbox = (redisAfter.reads - redisBefore.reads) / (enqueued + 1);
    const redisBytesPerMailbox = (redisAfter.bytes - redisBefore.bytes) / (enqueued + 1);
    const graph = emu.state.requestLog.query().filter((e) => e.mailbox !== null);
    const byRoute = new Map<string, number>();
    for (const e of graph) byRoute.set(e.route, (byRoute.get(e.route) ?? 0) + 1);
    const redisPerMailbox = ((await redisUsedBytes(redisClient)) - redisBaseline) / (mailboxCount + 1);
    const storage = await owner.query<{ bytes: number; rows: number }>(
      "select pg_total_relation_size('events')::float8 as bytes, (select count(*) from events)::int as rows",
    );
    const s = storage.rows[0]!;

    log(`fan-out: ${enqueued} mailbox syncs enqueued in ${fanOutSeconds.toFixed(2)} s`);
    log(
      `manual sync requested after the fan-out: another tenant's mailbox done in ${doneAt.get(otherMailboxId)?.toFixed(2)} s, ` +
        `a fleet mailbox already queued by the round done in ${doneAt.get(queuedMailboxId)?.toFixed(2)} s; whole round ${roundSeconds.toFixed(1)} s`,
    );
    log(
      `unchanged round: ${(graph.length / enqueued).toFixed(2)} Graph requests per mailbox (${[...byRoute].map(([r, n]) => `${r} ${n}`).join(', ')}); ` +
        `worker CPU ${cpuPerMailbox.toFixed(2)} ms per mailbox; ${describeRss(pid)}; ` +
        `Redis ${redisReadsPerMailbox.toFixed(1)} reads (client writes) and ${redisBytesPerMailbox.toFixed(0)} bytes in per mailbox`,
    );
    log(
      `Redis ${(redisPerMailbox / 1024).toFixed(2)} KiB per mailbox (steady state, over the empty baseline); ` +
        `Postgres events ${(s.bytes / s.rows).toFixed(0)} bytes per stored event (table + indexes + TOAST, ${s.rows} rows)`,
    );
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await services.close();
  }
}

await main();
