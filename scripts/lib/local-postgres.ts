// A Postgres cluster run from the system binaries, for `npm run services` (persistent data
// under .calsync/) and tests (throwaway, fast mode). Authentication is `trust` for
// connections from 127.0.0.1 / the private socket only: these clusters listen on loopback
// and hold development or test data; production uses a managed or compose Postgres.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requireBinary } from './system-binaries.ts';

export interface StartLocalPostgresOptions {
  dataDir: string;
  port: number;
  /** fsync, synchronous_commit and full_page_writes off: throwaway test clusters only. */
  fast?: boolean | undefined;
  /**
   * With `fast`: keep synchronous_commit on, so a SIGKILLed server still has every commit it
   * acknowledged (fsync and full-page writes only matter when the OS itself crashes).
   */
  survivesKill?: boolean | undefined;
  /** Extra server settings (`name=value`, passed as `-c`), e.g. a bench's `shared_preload_libraries`. */
  settings?: readonly string[] | undefined;
}

export interface LocalPostgres {
  port: number;
  /** Superuser (`postgres`) URL of the `postgres` database. */
  url: string;
  /** Stops the server (fast shutdown); idempotent. */
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** initdb refuses to run as root: when we are root, the `postgres` OS user runs the cluster. */
function resolveRunAs(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root needs the `postgres` OS user (apt-get install postgresql creates it)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(binary: string, args: string[], runAs: RunAs | null, what: string): void {
  const options: SpawnSyncOptions = { encoding: 'utf8', ...(runAs ?? {}) };
  const result = spawnSync(binary, args, options);
  if (result.status !== 0) {
    const output = `${String(result.stdout ?? '')}${String(result.stderr ?? '')}`.trim();
    throw new Error(`${what} failed (exit ${String(result.status)}): ${output}`);
  }
}

/** Reads the port of a running postmaster from its pid file, or null when none runs. */
export function readRunningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isFinite(port) ? port : null;
}

/** Initialises `dataDir` if it is empty, starts the server (or reuses a running one) and waits until it accepts connections. */
export function startLocalPostgres(options: StartLocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir, port } = options;
  const runAs = resolveRunAs();
  const parent = dirname(dataDir);
  const firstCreated = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    // The server user must own the data dir and be able to write its log next to it.
    for (let dir = dataDir; ; dir = dirname(dir)) {
      chownSync(dir, runAs.uid, runAs.gid);
      if (dir === parent || dir === firstCreated || dirname(dir) === dir) break;
    }
    chownSync(parent, runAs.uid, runAs.gid);
  }
  const pgCtl = requireBinary('pg_ctl');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const initdb = requireBinary('initdb');
    run(
      initdb,
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ],
      runAs,
      'initdb',
    );
  }
  const running = readRunningPort(dataDir);
  if (running !== null && running !== port) {
    throw new Error(`a Postgres already runs on ${dataDir} with port ${running}, not ${port}`);
  }
  if (running === null) {
    const settings = ['-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1'];
    if (options.fast) {
      settings.push('-c', 'fsync=off', '-c', 'full_page_writes=off');
      if (!options.survivesKill) settings.push('-c', 'synchronous_commit=off');
    }
    for (const setting of options.settings ?? []) settings.push('-c', setting);
    run(
      pgCtl,
      [
        '-D',
        dataDir,
        '-l',
        join(parent, 'postgres.log'),
        '-w',
        '-t',
        '60',
        '-o',
        settings.join(' '),
        'start',
      ],
      runAs,
      'pg_ctl start',
    );
  }
  let stopped = false;
  return Promise.resolve({
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return Promise.resolve();
      stopped = true;
      return stopLocalPostgres(dataDir);
    },
  });
}

/** Fast shutdown of the cluster running from `dataDir`, if one runs. */
export function stopLocalPostgres(dataDir: string): Promise<void> {
  if (readRunningPort(dataDir) !== null) {
    run(requireBinary('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], resolveRunAs(), 'pg_ctl stop');
  }
  return Promise.resolve();
}
