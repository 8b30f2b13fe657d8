// A throwaway PgBouncer in transaction pooling in front of one database (tests of tenant scoping
// through a pooler, docs/scaling.md §Postgres). Runs as the `postgres` OS user when we are root:
// PgBouncer refuses to run as root.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port.ts';
import { requireBinary } from './system-binaries.ts';

export interface LocalPgBouncer {
  /** URL of the pooled database (clients may pass any user; PgBouncer logs in as the target's). */
  url: string;
  stop(): Promise<void>;
}

export interface PgBouncerTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts PgBouncer with `poolSize` server connections to `target`, in transaction pooling. */
export async function startLocalPgBouncer(
  target: PgBouncerTarget,
  poolSize: number,
): Promise<LocalPgBouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'calsync-pgbouncer-'));
  const port = await findFreePort();
  const config = join(dir, 'pgbouncer.ini');
  writeFileSync(
    config,
    [
      '[databases]',
      `pooled = host=${target.host} port=${target.port} dbname=${target.database} user=${target.user} password=${target.password} pool_size=${poolSize}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      'max_client_conn = 200',
      `default_pool_size = ${poolSize}`,
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  let runAs: { uid: number; gid: number } | null = null;
  if (process.getuid?.() === 0) {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    runAs = { uid: Number(uid), gid: Number(gid) };
    chownSync(dir, runAs.uid, runAs.gid);
    chownSync(config, runAs.uid, runAs.gid);
  }
  const child = spawn(requireBinary('pgbouncer'), [config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(runAs ?? {}),
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not start: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `postgres://calsync@127.0.0.1:${port}/pooled`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
