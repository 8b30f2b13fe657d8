// Runs the real worker entry (apps/worker/src/main.ts) as a child process, as production would.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

export interface WorkerEnv {
  databaseUrl: string;
  redisUrl: string;
  /** `keyId:base64` as CALSYNC_ENCRYPTION_KEYS. */
  encryptionKeys: string;
  emulatorUrl: string;
  caCertPem: string;
  syncConcurrency?: number;
  connectorConcurrency?: number;
  pageSize?: number;
  /** BullMQ prefix shared with the API under test (default: the worker's own default). */
  queuePrefix?: string;
  /** Graph change notifications: the API's base URL the emulator posts to (CALSYNC_PUBLIC_URL). */
  publicUrl?: string;
  /** Extra node flags before the entry (benches: `--cpu-prof`). */
  nodeArgs?: string[];
  /** Further variables (e.g. the webhook settings of a webhook test). */
  extraEnv?: Record<string, string>;
}

/** Bundles written by this process, removed when it exits (one emulator CA per file, 200 KB each). */
const writtenBundles = new Set<string>();

function removeWrittenBundles(): void {
  for (const path of writtenBundles) rmSync(path, { force: true });
  writtenBundles.clear();
}

/** A CA bundle with the system roots plus the emulator's CA (NODE_EXTRA_CA_CERTS takes one file). */
export function caBundle(caCertPem: string): string {
  const path = join(tmpdir(), `calsync-ca-${randomBytes(4).toString('hex')}.pem`);
  if (writtenBundles.size === 0) process.once('exit', removeWrittenBundles);
  writtenBundles.add(path);
  let system = '';
  const current = process.env.NODE_EXTRA_CA_CERTS;
  if (current) {
    try {
      system = readFileSync(current, 'utf8');
    } catch {
      system = '';
    }
  }
  writeFileSync(path, `${system}\n${caCertPem}\n`);
  return path;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function startWorkerProcess(env: WorkerEnv): WorkerProcess {
  return spawnWorker(
    [...(env.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'apps/worker/src/main.ts')],
    env,
  );
}

/** The worker as a child process of `node <args>`, with the test environment `env` describes. */
export function spawnWorker(args: string[], env: WorkerEnv): WorkerProcess {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      CALSYNC_ENCRYPTION_KEYS: env.encryptionKeys,
      CALSYNC_AUTHORITY_HOST: env.emulatorUrl,
      CALSYNC_GRAPH_BASE_URL: env.emulatorUrl,
      NODE_EXTRA_CA_CERTS: caBundle(env.caCertPem),
      CALSYNC_SYNC_CONCURRENCY: String(env.syncConcurrency ?? 8),
      CALSYNC_CONNECTOR_CONCURRENCY: String(env.connectorConcurrency ?? 4),
      ...(env.pageSize ? { CALSYNC_SYNC_PAGE_SIZE: String(env.pageSize) } : {}),
      ...(env.queuePrefix ? { CALSYNC_QUEUE_PREFIX: env.queuePrefix } : {}),
      ...(env.publicUrl ? { CALSYNC_PUBLIC_URL: env.publicUrl } : {}),
      ...env.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` every `intervalMs` (100 by default) until it returns true or the deadline passes. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
