// Locates the Postgres, PgBouncer and Redis server binaries, installing the Debian packages
// when they are missing and we are root (the CI machine and fresh containers).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute path of `name` on PATH, in /usr/sbin (pgbouncer) or in /usr/lib/postgresql/<newest>/bin, or null. */
export function findBinary(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const onPath = found.stdout.trim();
  if (found.status === 0 && onPath !== '') return onPath;
  // Debian puts daemons such as pgbouncer in /usr/sbin, which is not on a normal user's PATH.
  if (existsSync(join('/usr/sbin', name))) return join('/usr/sbin', name);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const candidate = join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Path of a required binary, or an error that says how to get it. */
export function requireBinary(name: string): string {
  const path = findBinary(name);
  if (path) return path;
  throw new Error(
    `${name} not found: install the Debian packages postgresql, pgbouncer and redis-server (or run as root to let calsync do it)`,
  );
}

/** Installs postgresql / pgbouncer / redis-server with apt when a binary is missing and we are root. */
export function ensureSystemPackages(): void {
  const missing: string[] = [];
  if (!findBinary('initdb') || !findBinary('pg_ctl') || !findBinary('postgres')) missing.push('postgresql');
  // PgBouncer: the transaction-pooling test of tenant scoping (tests/isolation/pgbouncer.int.test.ts).
  if (!findBinary('pgbouncer')) missing.push('pgbouncer');
  if (!findBinary('redis-server')) missing.push('redis-server');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing system packages: ${missing.join(', ')}; install them (sudo apt-get install -y ${missing.join(' ')}) and retry`,
    );
  }
  const run = (args: string[]): void => {
    const result = spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${String(result.status)})`);
  };
  run(['update']);
  run(['install', '-y', '--no-install-recommends', ...missing]);
}
