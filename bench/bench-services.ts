// What every bench sets up the same way: the throwaway services it runs against (a fast local Postgres
// with the calsync schema and, unless a bench drives Postgres alone, a non-persistent Redis, in a fresh
// work folder; `stops` ends them and `close()` runs every stop), an owner connection, the real worker as
// a child process, and its options.
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
import { startCompiledWorkerProcess } from './compiled-worker.ts';

/** The throwaway database of a bench that needs no queue (bench/page-upsert.ts). */
export interface BenchPostgres {
  workDir: string;
  /** Owner URL of the migrated database (past RLS). */
  adminUrl: string;
  /** calsync_app URL: what the apps use. */
  appUrl: string;
  /** Run in order by close(); add to the front what must stop before the services. */
  stops: (() => Promise<unknown>)[];
  close(): Promise<void>;
}

export interface BenchServices extends BenchPostgres {
  redisUrl: string;
}

export interface BenchServicesOptions {
  /** Libraries the server loads at start (shared_preload_libraries), e.g. pg_stat_statements. */
  preload?: readonly string[] | undefined;
  /** Further server settings, `name=value` (a preloaded library's own, e.g. pg_stat_statements.track). */
  settings?: readonly string[] | undefined;
}

/** Postgres and Redis; with `{ redis: false }`, Postgres alone. */
export function startBenchServices(name: string, options?: BenchServicesOptions): Promise<BenchServices>;
export function startBenchServices(
  name: string,
  options: BenchServicesOptions & { redis: false },
): Promise<BenchPostgres>;
export async function startBenchServices(
  name: string,
  options: BenchServicesOptions & { redis?: false } = {},
): Promise<BenchServices | BenchPostgres> {
  ensureSystemPackages();
  const workDir = mkdtempSync(join(tmpdir(), `calsync-${name}-bench-`));
  const stops: (() => Promise<unknown>)[] = [];
  const close = async (): Promise<void> => {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const settings = [...(options.settings ?? [])];
    if (options.preload?.length) settings.unshift(`shared_preload_libraries=${options.preload.join(',')}`);
    const postgres = await startLocalPostgres({
      dataDir: join(workDir, 'pgdata'),
      port: await findFreePort(),
      fast: true,
      settings,
    });
    stops.push(() => postgres.stop());
    let redisUrl: string | undefined;
    if (options.redis !== false) {
      const redis = await startLocalRedis({ port: await findFreePort(), persistent: false });
      stops.push(() => redis.stop());
      redisUrl = redis.url;
    }
    await createDatabaseIfMissing(postgres.url, 'calsync_bench');
    const adminUrl = withDatabaseName(postgres.url, 'calsync_bench');
    const appUrl = withCredentials(adminUrl, appRoleName, 'bench');
    await runMigrations({ adminUrl, appUrl });
    const database = { workDir, adminUrl, appUrl, stops, close };
    return redisUrl === undefined ? database : { ...database, redisUrl };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A pg client on the owner URL (past RLS), ended by close(). */
export async function connectOwner(services: BenchPostgres): Promise<pg.Client> {
  const owner = new pg.Client({ connectionString: services.adminUrl });
  await owner.connect();
  services.stops.unshift(() => owner.end());
  return owner;
}

/**
 * The real worker entry as a child process on the services, stopped (SIGTERM) by close(): the tsx
 * source by default, or with `compiled` the production bundle (build it first: buildServices).
 */
export function startBenchWorker(
  services: BenchServices,
  env: Omit<WorkerEnv, 'databaseUrl' | 'redisUrl'>,
  options: { compiled?: boolean } = {},
): WorkerProcess {
  const start = options.compiled ? startCompiledWorkerProcess : startWorkerProcess;
  const worker = start({ databaseUrl: services.appUrl, redisUrl: services.redisUrl, ...env });
  services.stops.unshift(() => worker.kill('SIGTERM'));
  return worker;
}

/** What parseBenchArgs returns: numbers (undefined when not given and without default), strings, switches. */
export type BenchArgs<N extends Record<string, number | null>, S extends string, B extends string> = {
  [K in keyof N]: N[K] extends number ? number : number | undefined;
} & { [K in S]?: string | undefined } & { [K in B]: boolean };

/**
 * A bench's command-line options: `--name value` numbers with their defaults (null: no default, the
 * bench picks one later, e.g. per provider), optional `--name value` strings (paths, names) and
 * `--name` switches (false unless given). A number option that does not parse fails the run instead
 * of measuring NaN; an option the bench does not declare fails it too.
 */
export function parseBenchArgs<
  const N extends Record<string, number | null>,
  const S extends string = never,
  const B extends string = never,
>(numbers: N, strings: readonly S[] = [], switches: readonly B[] = []): BenchArgs<N, S, B> {
  const options: Record<
    string,
    { type: 'string'; default?: string } | { type: 'boolean'; default: boolean }
  > = {};
  for (const [name, value] of Object.entries(numbers))
    options[name] = value === null ? { type: 'string' } : { type: 'string', default: String(value) };
  for (const name of strings) options[name] = { type: 'string' };
  for (const name of switches) options[name] = { type: 'boolean', default: false };
  const { values } = parseArgs({ options });
  const parsed: Record<string, number | string | boolean | undefined> = {};
  for (const name of Object.keys(numbers)) {
    const given = values[name];
    if (given === undefined) continue;
    const value = Number(given);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
    parsed[name] = value;
  }
  for (const name of strings) parsed[name] = values[name];
  for (const name of switches) parsed[name] = values[name] === true;
  return parsed as BenchArgs<N, S, B>;
}
