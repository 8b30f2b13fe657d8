// A redis-server from the system binary: persistent (AOF, noeviction: BullMQ must never
// lose keys) for `npm run services`, or memory-only for tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPortOpen, waitForPort } from './free-port.ts';
import { requireBinary } from './system-binaries.ts';

export interface StartLocalRedisOptions {
  port: number;
  /** Required when persistent: AOF, pid file and log live there. */
  dataDir?: string | undefined;
  /** true: daemon that outlives this process, `appendonly yes`; false: child process, no persistence. */
  persistent: boolean;
}

export interface LocalRedis {
  port: number;
  url: string;
  /** Stops the server this call started or reused; idempotent. */
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

/** Pid of the daemon recorded in `dataDir/redis.pid`, when it still runs. */
export function readRedisPid(dataDir: string): number | null {
  const pidFile = join(dataDir, 'redis.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

export async function startLocalRedis(options: StartLocalRedisOptions): Promise<LocalRedis> {
  const { port } = options;
  const binary = requireBinary('redis-server');
  const url = `redis://127.0.0.1:${port}`;
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction'];
  if (options.persistent) {
    const dataDir = options.dataDir;
    if (!dataDir) throw new Error('startLocalRedis: persistent mode needs a dataDir');
    mkdirSync(dataDir, { recursive: true });
    if (readRedisPid(dataDir) === null) {
      const args = [
        ...common,
        '--dir',
        dataDir,
        '--appendonly',
        'yes',
        '--daemonize',
        'yes',
        '--pidfile',
        join(dataDir, 'redis.pid'),
        '--logfile',
        join(dataDir, 'redis.log'),
      ];
      const result = spawnSync(binary, args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`redis-server failed to start: ${result.stderr.trim()}`);
    }
    await waitForPort(port, 10_000);
    return {
      port,
      url,
      stop: () => stopLocalRedis(dataDir),
    };
  }
  if (await isPortOpen(port)) throw new Error(`port ${port} is already in use`);
  const child = spawn(binary, [...common, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    port,
    url,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      })();
      return stopping;
    },
  };
}

/** Stops the daemon recorded in `dataDir/redis.pid` (SIGTERM: it flushes the AOF), if it runs. */
export async function stopLocalRedis(dataDir: string): Promise<void> {
  const pid = readRedisPid(dataDir);
  if (pid === null) return;
  process.kill(pid, 'SIGTERM');
  await waitForExit(pid, 10_000);
}
