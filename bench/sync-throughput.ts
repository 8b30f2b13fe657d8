/**
 * Sync throughput (issue 5). Run by hand:
 *   npx tsx bench/sync-throughput.ts [--mailboxes 200] [--events 1000] [--concurrency 32] [--page 200]
 *   npx tsx bench/sync-throughput.ts --provider ews [...]   (on-premises Exchange: bench/ews-sync-throughput.ts)
 * Starts a throwaway Postgres + Redis (scripts/lib) and the emulator with the seeded scale organisation
 * (N room mailboxes × M events, ~10% weekly series), then the REAL worker as a child process, and times a
 * full sync of every mailbox (one connector tick) into Postgres. Printed beside it, in the same run:
 *  - the emulator drain rate: a plain HTTPS client reading the same full delta rounds with the worker's
 *    headers, same concurrency, run before AND after calsync's sync (the ratio uses their mean, so a
 *    load that moves during the run moves both sides);
 *  - a raw Postgres bulk load of the same rows (INSERT ... SELECT of the synced rows into a copy table);
 * and calsync's rate as ratios of both. "DB time" is Postgres' own active_time for the database; the
 * top statements by execution time come from pg_stat_statements (bench/statement-costs.ts).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { computeSyncWindow, enqueueConnectorTick } from '@calsync/core';
import { createHttpsClient } from '@calsync/graph-emulator';
import { seedConnector } from '../tests/e2e/sync/support/calsync-db.ts';
import { waitFor } from '../tests/e2e/sync/support/worker-process.ts';
import { connectOwner, parseBenchArgs, startBenchServices, startBenchWorker } from './bench-services.ts';
import { runEwsSyncThroughput } from './ews-sync-throughput.ts';
import { startScaleOrganisation } from './scale-organisation.ts';
import { postmasterPid, treeCpuSeconds } from './process-cpu.ts';
import { describeCommandDelta, redisCommandCounts } from './redis-commands.ts';
import { resetStatementStats, statementCosts, statementStatsServer } from './statement-costs.ts';

// --mailboxes and --concurrency default per provider (Exchange's own limits shape the EWS ones).
const args = parseBenchArgs({ mailboxes: null, events: 1000, concurrency: null, page: 200, mutations: 100 }, [
  'provider',
  'cpu-prof',
]);
const provider = args.provider ?? 'graph';
if (provider !== 'graph' && provider !== 'ews') throw new Error('--provider must be graph or ews');
const mailboxCount = args.mailboxes ?? 200;
const perMailbox = args.events;
const concurrency = args.concurrency ?? 32;
const pageSize = args.page;
const log = (message: string): void => console.log(`[bench] ${message}`);
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en')}/s`;

async function activeTimeMs(client: pg.Client): Promise<number> {
  const res = await client.query<{ t: number }>(
    'select active_time as t from pg_stat_database where datname = current_database()',
  );
  await client.query('select pg_stat_clear_snapshot()');
  return Number(res.rows[0]?.t ?? 0);
}

async function drainEmulator(
  url: string,
  caCertPem: string,
  token: string,
  addresses: string[],
  window: { start: Date; end: Date },
  sameSequence: boolean,
): Promise<{ seconds: number; items: number; requests: number }> {
  const http = createHttpsClient(caCertPem, { maxSockets: concurrency * 2 });
  // The worker's own Prefer header (graph/immutable-id-preference.ts): immutable ids, which the
  // emulator converts per item.
  const headers = {
    authorization: `Bearer ${token}`,
    prefer: `outlook.timezone="UTC", odata.maxpagesize=${pageSize}, IdType="ImmutableId"`,
  };
  let items = 0;
  let requests = 0;
  let next = 0;
  /** One GET, waiting out throttling as the worker does; a status other than 200 or `allowed` ends the drain. */
  const get = async (link: string, allowed?: number): Promise<{ status: number; json: unknown }> => {
    for (;;) {
      const res = await http.send(link, { headers });
      requests += 1;
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
        continue;
      }
      if (res.status !== 200 && res.status !== allowed)
        throw new Error(`drain: ${link} answered ${res.status}: ${res.text.slice(0, 300)}`);
      return res;
    }
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < addresses.length) {
        const address = addresses[next++]!;
        const q = new URLSearchParams({
          startDateTime: window.start.toISOString(),
          endDateTime: window.end.toISOString(),
        });
        let user = encodeURIComponent(address);
        if (sameSequence) {
          // What the worker asks before a mailbox's first round: its directory id (403 without
          // User.Read.All: it keeps the address), then its time zone (403 without MailboxSettings.Read).
          const found = await get(
            `${url}/v1.0/users/${user}?$select=id,displayName,mail,userPrincipalName`,
            403,
          );
          if (found.status === 200) user = encodeURIComponent((found.json as { id: string }).id);
          await get(`${url}/v1.0/users/${user}/mailboxSettings/timeZone`, 403);
        }
        let link: string | undefined = `${url}/v1.0/users/${user}/calendarView/delta?${q.toString()}`;
        while (link) {
          const body = (await get(link)).json as { value: unknown[]; '@odata.nextLink'?: string };
          items += body.value.length;
          link = body['@odata.nextLink'];
        }
      }
    }),
  );
  http.close();
  return { seconds: (performance.now() - started) / 1000, items, requests };
}

async function main(): Promise<void> {
  const services = await startBenchServices('sync', statementStatsServer);
  const { workDir, adminUrl, appUrl, redisUrl, stops } = services;
  try {
    log(`generating the scale organisation: ${mailboxCount} mailboxes × ${perMailbox} events`);
    const {
      emu,
      summary,
      addresses: mailboxes,
      key,
      core,
    } = await startScaleOrganisation({
      workDir,
      appUrl,
      redisUrl,
      mailboxes: mailboxCount,
      eventsPerMailbox: perMailbox,
      stops,
    });
    emu.state.requestLog.clear();
    // The connector is seeded only once the worker is up and the counters are read: seeded before,
    // the worker's start-up reconcile ticked it during start-up, outside the measured window. A
    // reconcile tick racing ours is inside it either way; rates use the span of the sync runs.
    const worker = startBenchWorker(services, {
      ...(args['cpu-prof'] ? { nodeArgs: [`--cpu-prof`, `--cpu-prof-dir=${args['cpu-prof']}`] } : {}),
      encryptionKeys: `bench:${key.toString('base64')}`,
      emulatorUrl: emu.url,
      caCertPem: emu.caCertPem,
      syncConcurrency: concurrency,
      // One connector holds every mailbox here; the fairness cap would otherwise be the bottleneck.
      connectorConcurrency: concurrency,
      pageSize,
    });
    const owner = await connectOwner(services);
    await new Promise((r) => setTimeout(r, 8000)); // worker start-up (tsx) is not part of the measurement

    const tokenRes = await createHttpsClient(emu.caCertPem).send(
      `${emu.url}/${summary.tenantId}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: summary.clientId,
          client_secret: summary.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      },
    );
    const token = (tokenRes.json as { access_token: string }).access_token;
    // The window the worker syncs (seedConnector's 7 days back, 60 ahead).
    const window = computeSyncWindow(new Date(), 7, 60);
    // Two drains: the delta pages alone (the figure of earlier runs) and the worker's whole request
    // sequence (per mailbox: the directory look-up, the time zone, then the delta pages).
    const runDrains = async (when: string): Promise<{ name: string; items: number; seconds: number }[]> => {
      const drains: { name: string; items: number; seconds: number }[] = [];
      for (const sameSequence of [false, true]) {
        const drainCpuBefore = cpu().bench;
        const drain = await drainEmulator(emu.url, emu.caCertPem, token, mailboxes, window, sameSequence);
        const name = sameSequence ? 'same request sequence' : 'delta pages only';
        drains.push({ name, ...drain });
        log(
          `emulator drain ${when}, ${name} (plain HTTPS client, same concurrency): ${drain.items.toLocaleString('en')} items in ` +
            `${drain.seconds.toFixed(1)} s = ${rate(drain.items, drain.seconds)} (${drain.requests} requests), ` +
            `emulator + client CPU ${(cpu().bench - drainCpuBefore).toFixed(1)} s`,
        );
      }
      return drains;
    };
    const cpu = (): { postgres: number; worker: number; bench: number } => ({
      postgres: treeCpuSeconds(postmasterPid(join(workDir, 'pgdata'))),
      worker: worker.child.pid === undefined ? 0 : treeCpuSeconds(worker.child.pid),
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    });
    const before = await runDrains('before the sync');
    emu.state.requestLog.clear();

    await resetStatementStats(owner);
    const dbBefore = await activeTimeMs(owner);
    const redis = new Redis(redisUrl);
    stops.unshift(() => redis.quit());
    const redisBefore = await redisCommandCounts(redis);
    const cpuBefore = cpu();
    const started = performance.now();
    const seeded = await seedConnector(adminUrl, core.secretBox, {
      slug: 'bench',
      azureTenantId: summary.tenantId,
      clientId: summary.clientId,
      clientSecret: summary.clientSecret,
      addresses: mailboxes,
      pastDays: 7,
      futureDays: 60,
    });
    const mailboxIds = [...seeded.mailboxIds.values()];
    await enqueueConnectorTick(core, seeded.tenantId, seeded.connectorId);
    await waitFor(
      async () => {
        const res = await owner.query<{ n: number }>(
          `select count(*)::int as n from mailboxes where cursor is not null and resume_cursor is null and sync_status = 'OK'`,
        );
        return res.rows[0]!.n === mailboxIds.length;
      },
      30 * 60_000,
      'every mailbox to sync',
      // The count reads every mailbox: at 10,000 of them, polled every 100 ms it took ≈ 7 % of
      // Postgres' CPU during the sync. The jobs' own timestamps give the measured span anyway.
      1000,
    );
    log(`all mailboxes in sync ${((performance.now() - started) / 1000).toFixed(1)} s after our tick`);
    const dbMs = (await activeTimeMs(owner)) - dbBefore;
    const cpuAfter = cpu();
    const redisAfter = await redisCommandCounts(redis);
    const graphLog = emu.state.requestLog.query().filter((e) => e.mailbox !== null);
    const graphRequests = graphLog.length;
    const byRoute = new Map<string, { n: number; ms: number }>();
    // Every request the emulator logged, $batch envelopes and their items too (items have no mailbox).
    for (const e of emu.state.requestLog.query()) {
      const route = e.batch ? `${e.route} in $batch` : e.route;
      const r = byRoute.get(route) ?? { n: 0, ms: 0 };
      r.n += 1;
      r.ms += Date.parse(e.endedAt ?? e.startedAt) - Date.parse(e.startedAt);
      byRoute.set(route, r);
    }
    log(
      `emulator time per route: ${[...byRoute].map(([route, r]) => `${route} ${r.n} × ${(r.ms / r.n).toFixed(1)} ms`).join(', ')}`,
    );
    const runs = await owner.query<{ events: number; throttled: number; pages: number }>(
      `select sum(upserted)::int as events, sum(throttled)::int as throttled, sum(pages)::int as pages from sync_runs`,
    );
    const timing = await owner.query<{ span: number; avg: number }>(
      `select extract(epoch from max(finished_at) - min(started_at))::float8 as span,
              avg(extract(epoch from finished_at - started_at))::float8 as avg from sync_runs`,
    );
    const t = timing.rows[0]!;
    log(
      `jobs ran for ${t.span.toFixed(1)} s, first start to last finish (avg ${t.avg.toFixed(2)} s per mailbox)`,
    );
    const rows = Number(
      (await owner.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n,
    );
    log(
      `calsync worker: ${rows.toLocaleString('en')} events in ${t.span.toFixed(1)} s = ${rate(rows, t.span)}; ` +
        `${graphRequests} Graph requests (${runs.rows[0]!.pages} pages, ${runs.rows[0]!.throttled} throttled); ` +
        `Postgres active time ${(dbMs / 1000).toFixed(1)} s summed over connections (${((dbMs / 1000 / rows) * 1e6).toFixed(0)} µs per event)`,
    );

    const perEvent = (seconds: number): string => `${((seconds / rows) * 1e6).toFixed(0)} µs/event`;
    log(
      `CPU during the sync (load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}): ` +
        (['postgres', 'worker', 'bench'] as const)
          .map((k) => {
            const used = cpuAfter[k] - cpuBefore[k];
            return `${k === 'bench' ? 'emulator + bench' : k} ${used.toFixed(1)} s (${perEvent(used)})`;
          })
          .join(', '),
    );
    log(
      `Redis commands per mailbox job: ${describeCommandDelta(redisBefore, redisAfter, mailboxIds.length)}`,
    );
    for (const line of await statementCosts(owner, rows, 30)) log(line);

    const after = await runDrains('after the sync');
    const drains = before.map((b, i) => {
      const a = after[i]!;
      // Each kind drained before and after calsync's sync: a machine whose load moves during the run
      // moves both, and their mean is the baseline of the ratio.
      return { name: b.name, rate: (b.items / b.seconds + a.items / a.seconds) / 2 };
    });

    await owner.query('create table events_bulk (like events including defaults)');
    const bulkStart = performance.now();
    await owner.query('insert into events_bulk select * from events');
    const bulkSeconds = (performance.now() - bulkStart) / 1000;
    log(
      `raw Postgres bulk load of the same rows: ${rows.toLocaleString('en')} in ${bulkSeconds.toFixed(2)} s = ${rate(rows, bulkSeconds)}`,
    );
    log(
      `ratios: ${drains.map((d) => `calsync / drain (${d.name}, mean of before and after) = ${(rows / t.span / d.rate).toFixed(2)}`).join('; ')}; ` +
        `calsync / raw bulk load = ${(rows / t.span / (rows / bulkSeconds)).toFixed(3)}`,
    );
  } finally {
    await services.close();
  }
}

if (provider === 'ews') {
  await runEwsSyncThroughput({
    // Exchange's own limits shape the defaults: EWSMaxConcurrency 27, calsync's default cap 8 (§6.3).
    mailboxes: args.mailboxes ?? 50,
    events: args.events,
    concurrency: args.concurrency ?? 8,
    mutations: args.mutations,
    cpuProfileDir: args['cpu-prof'],
  });
} else {
  await main();
}
