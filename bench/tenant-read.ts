/**
 * Cost of one tenant-scoped read, without HTTP (issue 18, goal 2). Run by hand:
 *   npx tsx bench/tenant-read.ts [--iterations 3000]
 * Loads 100 rooms × 200 events (bench/query-data.ts) into a throwaway Postgres and runs the
 * "one room, one day" read sequentially, one connection: the bare statement prepared on the owner
 * connection (no tenant scoping at all), listEvents (the whole core path: drizzle, readCompiledAsTenant), and
 * the same statement text on the app role with set_config in its round trip (TenantScopedQuery) or
 * in a BEGIN / set_config / statement / COMMIT transaction (four round trips, as withTenant does).
 * Printed: µs per read (and the Node CPU in it) and throughput ratios to bare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appRoleName, createDatabase, listEvents, runMigrations, TenantScopedQuery } from '@calsync/core';
import {
  createDatabaseIfMissing,
  withCredentials,
  withDatabaseName,
} from '../scripts/lib/create-database.ts';
import { findFreePort } from '../scripts/lib/free-port.ts';
import { startLocalPostgres } from '../scripts/lib/local-postgres.ts';
import { ensureSystemPackages } from '../scripts/lib/system-binaries.ts';
import { createBareRoutes } from './query-bare.ts';
import { loadBenchData } from './query-data.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '3000' } } });
const iterations = Number(values.iterations);

async function timed(label: string, read: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await read(i);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await read(i);
  const micros = ((performance.now() - started) * 1000) / iterations;
  const used = process.cpuUsage(cpu);
  const nodeMicros = (used.user + used.system) / iterations;
  console.log(
    `${label.padEnd(52)} ${micros.toFixed(0).padStart(6)} µs per read, ${nodeMicros.toFixed(0).padStart(5)} µs of it Node CPU`,
  );
  return micros;
}

ensureSystemPackages();
const workDir = mkdtempSync(join(tmpdir(), 'calsync-bench-'));
const postgres = await startLocalPostgres({
  dataDir: join(workDir, 'pgdata'),
  port: await findFreePort(),
  fast: true,
});
try {
  await createDatabaseIfMissing(postgres.url, 'calsync_bench');
  const adminUrl = withDatabaseName(postgres.url, 'calsync_bench');
  const appUrl = withCredentials(adminUrl, appRoleName, 'calsync-bench');
  await runMigrations({ adminUrl, appUrl });
  const { tenantId } = await loadBenchData(adminUrl, 100, 200);
  const app = createDatabase(appUrl, { max: 1 });
  const bare = await createBareRoutes(adminUrl, tenantId, 1);
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  const args = (i: number) => {
    const start = new Date(day.getTime() + (i % 30) * 86_400_000);
    return {
      address: `room-${String((i % 100) + 1).padStart(4, '0')}@bench.example`,
      start,
      end: new Date(start.getTime() + 86_400_000),
    };
  };
  const bareMicros = await timed('bare prepared statement (owner, no RLS)', (i) => {
    const a = args(i);
    return bare.roomDay(a.address, a.start, a.end);
  });
  const scoped = await timed('listEvents (compiled once, readCompiledAsTenant)', (i) => {
    const a = args(i);
    return listEvents(app.db, tenantId, { addresses: [a.address], start: a.start, end: a.end, first: 100 });
  });
  const appPool = new pg.Pool({ connectionString: appUrl, max: 1 });
  const statement = (i: number) => {
    const a = args(i);
    return bare.roomDayStatement(a.address, a.start, a.end);
  };
  const pipelined = await timed('same statement, set_config in its round trip', (i) =>
    appPool.query(new TenantScopedQuery(tenantId, statement(i)) as unknown as pg.QueryConfig),
  );
  const transaction = await timed('same statement in BEGIN/set_config/…/COMMIT', async (i) => {
    const client = await appPool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
      await client.query(statement(i));
      await client.query('commit');
    } finally {
      client.release();
    }
  });
  const ratio = (micros: number) => `${((bareMicros / micros) * 100).toFixed(0)} %`;
  console.log(
    `throughput vs bare: listEvents ${ratio(scoped)}, one round trip ${ratio(pipelined)}, four round trips ${ratio(transaction)}`,
  );
  await appPool.end();
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await bare.close();
  await app.close();
} finally {
  await postgres.stop();
  rmSync(workDir, { recursive: true, force: true });
}
