// Starts one throwaway Postgres (fast mode) and Redis for the whole run, migrates a template
// database once, and stops everything it started. testcontainers is not a dependency: no
// Docker engine exists on the machines this runs on, so local processes are the only path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runMigrations, appRoleName } from '@calsync/core';
import {
  createDatabaseIfMissing,
  withCredentials,
  withDatabaseName,
} from '../../scripts/lib/create-database.ts';
import { findFreePort } from '../../scripts/lib/free-port.ts';
import { startLocalPostgres, type LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { startLocalRedis, type LocalRedis } from '../../scripts/lib/local-redis.ts';
import { ensureSystemPackages } from '../../scripts/lib/system-binaries.ts';
import './provided-context.ts';

const templateDatabase = 'calsync_template';
const appPassword = 'calsync-test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  ensureSystemPackages();
  const workDir = mkdtempSync(join(tmpdir(), 'calsync-test-'));
  let postgres: LocalPostgres | null = null;
  let redis: LocalRedis | null = null;
  const teardown = async (): Promise<void> => {
    await Promise.allSettled([postgres?.stop(), redis?.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
    [postgres, redis] = await Promise.all([
      startLocalPostgres({ dataDir: join(workDir, 'pgdata'), port: pgPort, fast: true }),
      startLocalRedis({ port: redisPort, persistent: false }),
    ]);
    await createDatabaseIfMissing(postgres.url, templateDatabase);
    const adminUrl = withDatabaseName(postgres.url, templateDatabase);
    await runMigrations({ adminUrl, appUrl: withCredentials(adminUrl, appRoleName, appPassword) });
    project.provide('calsyncPostgres', { superuserUrl: postgres.url, templateDatabase, appPassword });
    project.provide('calsyncRedisUrl', redis.url);
    console.log(
      `[global-setup] Postgres :${pgPort} + Redis :${redisPort} + migrated template in ${Date.now() - started} ms`,
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
