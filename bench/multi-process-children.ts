// The API and worker entries (apps/*/src/main.ts) as child processes of bench/multi-process.ts,
// each on its own port, ready once its /readyz answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../scripts/lib/free-port.ts';
import { caBundle, waitFor } from '../tests/e2e/sync/support/worker-process.ts';

const repoRoot = join(import.meta.dirname, '..');

export interface SharedEnv {
  databaseUrl: string;
  redisUrl: string;
  /** `keyId:base64` as CALSYNC_ENCRYPTION_KEYS. */
  encryptionKeys: string;
  adminApiKey: string;
  emulatorUrl: string;
  caCertPem: string;
}

export interface Child {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function answersReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`)).status === 200;
  } catch {
    return false;
  }
}

async function startChild(name: string, entry: string, env: Record<string, string>): Promise<Child> {
  const port = await findFreePort();
  const portVariable = entry.includes('worker') ? 'WORKER_PORT' : 'PORT';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env, [portVariable]: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => answersReady(url), 120_000, `${name} ready (${errors})`);
  return {
    name,
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function commonEnv(env: SharedEnv): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    CALSYNC_ENCRYPTION_KEYS: env.encryptionKeys,
    CALSYNC_ADMIN_API_KEY: env.adminApiKey,
    CALSYNC_AUTHORITY_HOST: env.emulatorUrl,
    CALSYNC_GRAPH_BASE_URL: env.emulatorUrl,
    NODE_EXTRA_CA_CERTS: caBundle(env.caCertPem),
  };
}

/** A worker process: `syncConcurrency` mailbox jobs at once, the default per-connector cap. */
export function startWorker(name: string, env: SharedEnv, syncConcurrency: number): Promise<Child> {
  return startChild(name, 'apps/worker/src/main.ts', {
    ...commonEnv(env),
    WORKER_HOST: '127.0.0.1',
    CALSYNC_SYNC_CONCURRENCY: String(syncConcurrency),
  });
}

/** An API process with the rate limits lifted above what the load generator can send. */
export function startApi(name: string, env: SharedEnv): Promise<Child> {
  return startChild(name, 'apps/api/src/main.ts', {
    ...commonEnv(env),
    HOST: '127.0.0.1',
    CALSYNC_RATE_LIMIT_PER_MINUTE: '10000000',
    CALSYNC_RATE_LIMIT_PER_TENANT_PER_MINUTE: '10000000',
  });
}

/** User + system CPU of a process, in ms, from /proc (Linux clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
