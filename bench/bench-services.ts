// The throwaway services a bench runs against: a fast local Postgres with the calsync schema and a
// non-persistent Redis, in a fresh work folder; `stops` ends them and `close()` runs every stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
