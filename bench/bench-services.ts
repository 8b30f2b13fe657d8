// What every bench sets up the same way: the throwaway services it runs against (a fast local Postgres
// with the calsync schema and a non-persistent Redis, in a fresh work folder; `stops` ends them and
// `close()` runs every stop), an owner connection, the real worker as a child process, and its options.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
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
import {
  startWorkerProcess,
  type WorkerEnv,
  type WorkerProcess,
} from '../tests/e2e/sync/support/worker-process.ts';

export interface BenchServices {
  workDir: string;
  /** Owner URL of the migrated database (past RLS). */
  adminUrl: string;
  /** calsync_app URL: what the apps use. */
  appUrl: string;
  redisUrl: string;
  /** Run in order by close(); add to the front what must stop before the services. */
  stops: (() => Promise<unknown>)[];
  close(): Promise<void>;
}

export async function startBenchServices(name: string): Promise<BenchServices> {
  ensureSystemPackages();
  const workDir = mkdtempSync(join(tmpdir(), `calsync-${name}-bench-`));
  const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
  const postgres = await startLocalPostgres({ dataDir: join(workDir, 'pgdata'), port: pgPort, fast: true });
  const redis = await startLocalRedis({ port: redisPort, persistent: false });
  const stops: (() => Promise<unknown>)[] = [() => postgres.stop(), () => redis.stop()];
  const close = async (): Promise<void> => {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await createDatabaseIfMissing(postgres.url, 'calsync_bench');
    const adminUrl = withDatabaseName(postgres.url, 'calsync_bench');
    const appUrl = withCredentials(adminUrl, appRoleName, 'bench');
    await runMigrations({ adminUrl, appUrl });
    return { workDir, adminUrl, appUrl, redisUrl: redis.url, stops, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A pg client on the owner URL (past RLS), ended by close(). */
export async function connectOwner(services: BenchServices): Promise<pg.Client> {
  const owner = new pg.Client({ connectionString: services.adminUrl });
  await owner.connect();
  services.stops.unshift(() => owner.end());
  return owner;
}

/** The real worker entry as a child process on the services, stopped (SIGTERM) by close(). */
export function startBenchWorker(
  services: BenchServices,
  env: Omit<WorkerEnv, 'databaseUrl' | 'redisUrl'>,
): WorkerProcess {
  const worker = startWorkerProcess({ databaseUrl: services.appUrl, redisUrl: services.redisUrl, ...env });
  services.stops.unshift(() => worker.kill('SIGTERM'));
  return worker;
}

/**
 * A bench's `--name value` options: numbers with their defaults, and optional strings (paths).
 * A number option that does not parse fails the run instead of measuring NaN.
 */
export function parseBenchArgs<const N extends Record<string, number>, const S extends string = never>(
  numbers: N,
  strings: readonly S[] = [],
): { [K in keyof N]: number } & { [K in S]?: string | undefined } {
  const options: Record<string, { type: 'string'; default?: string }> = {};
  for (const [name, value] of Object.entries(numbers))
    options[name] = { type: 'string', default: String(value) };
  for (const name of strings) options[name] = { type: 'string' };
  const { values } = parseArgs({ options });
  const parsed: Record<string, number | string | undefined> = {};
  for (const name of Object.keys(numbers)) {
    const value = Number(values[name]);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
    parsed[name] = value;
  }
  for (const name of strings) parsed[name] = values[name];
  return parsed as { [K in keyof N]: number } & { [K in S]?: string | undefined };
}
