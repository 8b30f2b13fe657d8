/**
 * Read-side benchmark (issue 6). Run by hand:
 *   npx tsx bench/query.ts [--concurrency 8] [--seconds 10] [--rounds 1] [--mailboxes 1000] [--events-per-mailbox 1000]
 * Starts a throwaway Postgres + Redis (scripts/lib), loads 1,000,000 events across 1,000 room mailboxes with
 * generate_series through the owner connection, then serves them from a child process: the real API
 * (GraphQL, mercurius + graphql-jit); on a second port, a plain Fastify route running the same core
 * calls (same SQL) with hand-built JSON; on a third, a bare route replaying the same statements as
 * prepared statements on the owner connection, without authentication or tenant transaction.
 * Each scenario runs over real HTTP at a fixed concurrency, alternating the three (A-B-C-C-B-A) after
 * a warm-up; printed: requests/s, p50, p99, the ratios to the bare route, and the CPU each request
 * cost the server process (all three servers share it) and Postgres.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { appRoleName, runMigrations } from '@calsync/core';
import {
  createDatabaseIfMissing,
  withCredentials,
  withDatabaseName,
} from '../scripts/lib/create-database.ts';
import { findFreePort } from '../scripts/lib/free-port.ts';
import { startLocalPostgres } from '../scripts/lib/local-postgres.ts';
import { startLocalRedis } from '../scripts/lib/local-redis.ts';
import { ensureSystemPackages } from '../scripts/lib/system-binaries.ts';
import { loadBenchData } from './query-data.ts';
import { postmasterPid, processCpuSeconds, treeCpuSeconds } from './process-cpu.ts';
import { mergeResults, runLoad, type LoadRequest, type LoadResult } from './query-load.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    /** A-B-C-C-B-A cycles per scenario (more cycles average out load from other work). */
    rounds: { type: 'string', default: '1' },
    mailboxes: { type: 'string', default: '1000' },
    'events-per-mailbox': { type: 'string', default: '1000' },
    /** Run only the scenarios whose name contains this text. */
    scenario: { type: 'string' },
    /** Run only the GraphQL side (for profiling). */
    'graphql-only': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the server process into this folder. */
    profile: { type: 'string' },
  },
});
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);
const mailboxCount = Number(values.mailboxes);
const perMailbox = Number(values['events-per-mailbox']);
const ADMIN_KEY = 'bench-platform-admin-key-0123456789';

const log = (message: string): void => console.log(`[bench] ${message}`);

function startServer(
  args: unknown,
): Promise<{ api: string; plain: string; bare: string; pid: number; stop: () => Promise<void> }> {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', 'bench/query-server.ts', JSON.stringify(args)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^READY (\S+) (\S+) (\S+)$/.exec(line);
      if (match) {
        resolve({
          api: match[1]!,
          plain: match[2]!,
          bare: match[3]!,
          pid: child.pid!,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}

const noCpu = (): CpuSpent => ({ server: 0, postgres: 0 });
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** CPU seconds a side's runs used in the server process (all three servers share it) and in Postgres. */
interface CpuSpent {
  server: number;
  postgres: number;
}

function row(name: string, r: LoadResult, cpu: CpuSpent): string {
  const perRequest = (seconds: number) => `${((seconds / r.requests) * 1e6).toFixed(0).padStart(4)} µs`;
  return `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)} req/s  p50 ${r.p50Ms.toFixed(2).padStart(6)} ms  p99 ${r.p99Ms.toFixed(2).padStart(6)} ms  errors ${r.errors}  CPU/request: server ${perRequest(cpu.server)}, Postgres ${perRequest(cpu.postgres)}`;
}

async function main(): Promise<void> {
  ensureSystemPackages();
  const workDir = mkdtempSync(join(tmpdir(), 'calsync-bench-'));
  const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
  // fast mode (fsync off): the data is throwaway and the benchmark measures reads.
  const postgres = await startLocalPostgres({ dataDir: join(workDir, 'pgdata'), port: pgPort, fast: true });
  const redis = await startLocalRedis({ port: redisPort, persistent: false });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await createDatabaseIfMissing(postgres.url, 'calsync_bench');
    const adminUrl = withDatabaseName(postgres.url, 'calsync_bench');
    const appUrl = withCredentials(adminUrl, appRoleName, 'calsync-bench');
    await runMigrations({ adminUrl, appUrl });
    const started = Date.now();
    const { tenantKey, tenantId } = await loadBenchData(adminUrl, mailboxCount, perMailbox);
    log(`loaded ${mailboxCount * perMailbox} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const postmaster = postmasterPid(join(workDir, 'pgdata'));
    server = await startServer({
      core: {
        databaseUrl: appUrl,
        redisUrl: redis.url,
        logLevel: 'silent',
        nodeEnv: 'production',
        microsoft: {},
        queuePrefix: 'bench',
      },
      adminApiKey: ADMIN_KEY,
      ownerUrl: adminUrl,
      tenantId,
    });
    const headers = { authorization: `Bearer ${tenantKey}` };

    // Cursors of the 50-room pages, collected once through GraphQL.
    const cursors: (string | null)[] = [null];
    for (;;) {
      const response = await fetch(`${server.api}/graphql`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'query($after: String) { mailboxes(first: 50, after: $after) { pageInfo { hasNextPage endCursor } } }',
          variables: { after: cursors.at(-1) },
        }),
      });
      const page = ((await response.json()) as any).data.mailboxes.pageInfo;
      if (!page.hasNextPage) break;
      cursors.push(page.endCursor);
    }
    const rooms = Array.from(
      { length: mailboxCount },
      (_, i) => `room-${String(i + 1).padStart(4, '0')}@bench.example`,
    );
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const days = Array.from({ length: 60 }, (_, d) => {
      const start = new Date(today.getTime() + d * 86_400_000);
      return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
    });

    const ROOM_DAY = `query RoomDay($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e) { nodes { id subject start end showAs } } }`;
    const ROOMS_NOW = `query RoomsNow($after: String) { mailboxes(first: 50, after: $after) { nodes { address currentEvent { subject start end } nextEvent { subject start end } } } }`;
    const FREE_ROOMS = `query FreeRooms($s: DateTime!, $e: DateTime!, $c: Int) { findRooms(start: $s, end: $e, filter: { minCapacity: $c }, first: 20) { totalCount nodes { freeFrom freeUntil mailbox { address displayName } room { capacity building } } } }`;
    // A one-hour slot during office hours of one of the 60 days, and a seat count a booking asks for.
    const slot = () => {
      const start = new Date(Date.parse(pick(days).start) + (8 + Math.floor(Math.random() * 10)) * 3_600_000);
      return { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() };
    };
    const seats = [4, 8, 12, 16];
    // `bare`: whether bench/query-bare.ts has the scenario's statements (free rooms: not captured).
    const scenarios: {
      name: string;
      bare: boolean;
      graphql: () => LoadRequest;
      plain: () => LoadRequest;
    }[] = [
      {
        name: 'events of one room for one day',
        bare: true,
        graphql: () => {
          const day = pick(days);
          return {
            method: 'POST',
            path: '/graphql',
            body: JSON.stringify({
              query: ROOM_DAY,
              variables: { a: [pick(rooms)], s: day.start, e: day.end },
            }),
          };
        },
        plain: () => {
          const day = pick(days);
          return {
            method: 'POST',
            path: '/room-day',
            body: JSON.stringify({ address: pick(rooms), start: day.start, end: day.end }),
          };
        },
      },
      {
        name: 'current/next event of 50 rooms',
        bare: true,
        graphql: () => ({
          method: 'POST',
          path: '/graphql',
          body: JSON.stringify({ query: ROOMS_NOW, variables: { after: pick(cursors) } }),
        }),
        plain: () => ({ method: 'POST', path: '/rooms-now', body: JSON.stringify({ after: pick(cursors) }) }),
      },
      {
        name: 'find free rooms among all rooms',
        bare: false,
        graphql: () => {
          const { start, end } = slot();
          return {
            method: 'POST',
            path: '/graphql',
            body: JSON.stringify({ query: FREE_ROOMS, variables: { s: start, e: end, c: pick(seats) } }),
          };
        },
        plain: () => ({
          method: 'POST',
          path: '/free-rooms',
          body: JSON.stringify({ ...slot(), minCapacity: pick(seats) }),
        }),
      },
    ];
    log(`${mailboxCount} mailboxes × ${perMailbox} events; concurrency ${concurrency}, ${seconds} s per run`);
    const lines: string[] = [];
    // The sides alternate in A-B-C-C-B-A rounds so that load from anything else on the machine
    // (and cache warmth) falls on all of them alike.
    for (const scenario of scenarios.filter((s) => s.name.includes(values.scenario ?? ''))) {
      const sides = [
        {
          kind: 'GraphQL',
          origin: server.api,
          next: scenario.graphql,
          runs: [] as LoadResult[],
          cpu: noCpu(),
        },
        ...(values['graphql-only']
          ? []
          : [
              {
                kind: 'plain route',
                origin: server.plain,
                next: scenario.plain,
                runs: [] as LoadResult[],
                cpu: noCpu(),
              },
              ...(scenario.bare
                ? [
                    {
                      kind: 'bare route',
                      origin: server.bare,
                      next: scenario.plain,
                      runs: [] as LoadResult[],
                      cpu: noCpu(),
                    },
                  ]
                : []),
            ]),
      ];
      for (const side of sides)
        await runLoad({ origin: side.origin, headers, concurrency, seconds: 3, next: side.next });
      const forward = sides.map((_, index) => index);
      const cycle = [...forward, ...[...forward].reverse()];
      for (const index of Array.from({ length: Number(values.rounds) }, () => cycle).flat()) {
        const side = sides[index]!;
        const [server0, postgres0] = [processCpuSeconds(server.pid), treeCpuSeconds(postmaster)];
        side.runs.push(
          await runLoad({ origin: side.origin, headers, concurrency, seconds: seconds / 2, next: side.next }),
        );
        side.cpu.server += processCpuSeconds(server.pid) - server0;
        side.cpu.postgres += treeCpuSeconds(postmaster) - postgres0;
      }
      const merged = sides.map((side) => ({
        kind: side.kind,
        result: mergeResults(side.runs),
        cpu: side.cpu,
      }));
      for (const { kind, result, cpu } of merged) {
        lines.push(row(`${scenario.name} — ${kind}`, result, cpu));
        log(lines.at(-1)!);
      }
      const [graphql, plain, bare] = merged.map((m) => m.result.perSecond);
      if (graphql !== undefined && plain !== undefined && bare === undefined) {
        lines.push(`${''.padEnd(34)} GraphQL / plain = ${((graphql / plain) * 100).toFixed(0)} %`);
        log(lines.at(-1)!);
      }
      if (graphql !== undefined && plain !== undefined && bare !== undefined) {
        const percent = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
        lines.push(
          `${''.padEnd(34)} GraphQL / bare = ${percent(graphql, bare)}, plain / bare = ${percent(plain, bare)}, GraphQL / plain = ${percent(graphql, plain)}`,
        );
        log(lines.at(-1)!);
      }
    }
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`\n${lines.join('\n')}`);
  } finally {
    await server?.stop();
    await Promise.allSettled([postgres.stop(), redis.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
