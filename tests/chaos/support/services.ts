// Postgres and Redis owned by the chaos run, so a scenario can kill and restart them: Postgres by
// SIGKILL of the postmaster and its backends, Redis (AOF on) by SIGKILL, both back on the same port.
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRoleName, runMigrations } from '@calsync/core';
import {
  createDatabaseIfMissing,
  withCredentials,
  withDatabaseName,
} from '../../../scripts/lib/create-database.ts';
import { findFreePort, isPortOpen } from '../../../scripts/lib/free-port.ts';
import { startLocalPostgres, stopLocalPostgres } from '../../../scripts/lib/local-postgres.ts';
import { readRedisPid, startLocalRedis, stopLocalRedis } from '../../../scripts/lib/local-redis.ts';
import { ensureSystemPackages } from '../../../scripts/lib/system-binaries.ts';

export interface ChaosServices {
  /** Owner of the calsync database (seeding, ground-truth reads past RLS). */
  adminUrl: string;
  /** calsync_app: what the API and the worker use. */
  appUrl: string;
  redisUrl: string;
  /** SIGKILL the postmaster and every backend: what a crashed host or OOM kill leaves. */
  killPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** SIGKILL redis-server; its AOF holds every acknowledged write. */
  killRedis(): Promise<void>;
  startRedis(): Promise<void>;
  stop(): Promise<void>;
}

const database = 'calsync_chaos';
const appPassword = 'calsync-chaos';

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid (after the parenthesised command name).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startChaosServices(): Promise<ChaosServices> {
  ensureSystemPackages();
  const workDir = mkdtempSync(join(tmpdir(), 'calsync-chaos-'));
  const pgDir = join(workDir, 'pgdata');
  const redisDir = join(workDir, 'redis');
  const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
  const startPostgres = async (): Promise<void> => {
    // Killed mid-sync by scenario 2: an acknowledged commit must survive that, as on a real server.
    await startLocalPostgres({ dataDir: pgDir, port: pgPort, fast: true, survivesKill: true });
  };
  const startRedis = async (): Promise<void> => {
    await startLocalRedis({ port: redisPort, dataDir: redisDir, persistent: true });
  };
  await Promise.all([startPostgres(), startRedis()]);
  const superuserUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
  await createDatabaseIfMissing(superuserUrl, database);
  const adminUrl = withDatabaseName(superuserUrl, database);
  const appUrl = withCredentials(adminUrl, appRoleName, appPassword);
  await runMigrations({ adminUrl, appUrl });

  return {
    adminUrl,
    appUrl,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    async killPostgres() {
      const pid = postmasterPid(pgDir);
      if (pid === null) return;
      const backends = childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      for (const child of backends) {
        try {
          process.kill(child, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await waitUntil(async () => !(await isPortOpen(pgPort)), 10_000, 'Postgres to stop listening');
      await waitUntil(
        () => [pid, ...backends].every((p) => !existsProcess(p)),
        10_000,
        'Postgres processes to exit',
      );
    },
    startPostgres,
    async killRedis() {
      const pid = readRedisPid(redisDir);
      if (pid === null) return;
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => !existsProcess(pid), 10_000, 'redis-server to exit');
    },
    startRedis,
    async stop() {
      await stopLocalRedis(redisDir);
      await stopLocalPostgres(pgDir);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

function existsProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
