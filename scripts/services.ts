// `npm run services -- up|down|status`: Postgres + Redis for local development.
// Docker Compose when an engine answers, otherwise local processes with data under .calsync/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from '@calsync/core';
import { createDatabaseIfMissing, withDatabaseName } from './lib/create-database.ts';
import { isDockerAvailable } from './lib/docker-engine.ts';
import { waitForPort } from './lib/free-port.ts';
import { readRunningPort, startLocalPostgres, stopLocalPostgres } from './lib/local-postgres.ts';
import { readRedisPid, startLocalRedis, stopLocalRedis } from './lib/local-redis.ts';
import { ensureSystemPackages } from './lib/system-binaries.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = join(root, '.calsync');
const modeFile = join(stateDir, 'services-mode');
const postgresDir = join(stateDir, 'postgres', 'data');
const redisDir = join(stateDir, 'redis');
const postgresPort = 54329;
const redisPort = 63799;
const database = 'calsync';
// Local clusters use trust auth on 127.0.0.1; the compose Postgres checks these passwords.
const superuserUrl = `postgres://postgres:postgres@127.0.0.1:${postgresPort}/postgres`;
const urls = {
  DATABASE_URL: `postgres://calsync_app:calsync_app@127.0.0.1:${postgresPort}/${database}`,
  DATABASE_ADMIN_URL: withDatabaseName(superuserUrl, database),
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
};

type Mode = 'docker' | 'local';

function readMode(): Mode | null {
  if (!existsSync(modeFile)) return null;
  const mode = readFileSync(modeFile, 'utf8').trim();
  return mode === 'docker' || mode === 'local' ? mode : null;
}

function compose(args: string[]): void {
  const result = spawnSync('docker', ['compose', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed`);
}

async function waitForPostgres(): Promise<void> {
  // The compose container accepts TCP before initdb finishes; retry the first query.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await createDatabaseIfMissing(superuserUrl, database);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function up(): Promise<void> {
  const mode: Mode = readMode() ?? (isDockerAvailable() ? 'docker' : 'local');
  mkdirSync(stateDir, { recursive: true });
  if (mode === 'docker') {
    compose(['up', '-d', 'postgres', 'redis']);
    await waitForPort(postgresPort, 60_000);
    await waitForPort(redisPort, 60_000);
  } else {
    ensureSystemPackages();
    await startLocalPostgres({ dataDir: postgresDir, port: postgresPort });
    await startLocalRedis({ port: redisPort, dataDir: redisDir, persistent: true });
  }
  writeFileSync(modeFile, `${mode}\n`);
  await waitForPostgres();
  await runMigrations({ adminUrl: urls.DATABASE_ADMIN_URL, appUrl: urls.DATABASE_URL });
  console.log(`services up (${mode === 'docker' ? 'docker compose' : 'local processes, data in .calsync/'})`);
  for (const [name, value] of Object.entries(urls)) console.log(`${name}=${value}`);
}

async function down(): Promise<void> {
  const mode = readMode();
  if (mode === null) {
    console.log('nothing to stop: services were not started by this script');
    return;
  }
  if (mode === 'docker') {
    compose(['stop', 'postgres', 'redis']);
  } else {
    // Only what runs from our data dirs (pid files), never other Postgres/Redis servers.
    await stopLocalPostgres(postgresDir);
    await stopLocalRedis(redisDir);
  }
  rmSync(modeFile, { force: true });
  console.log('services stopped');
}

function status(): void {
  const mode = readMode();
  if (mode === 'docker') {
    compose(['ps', 'postgres', 'redis']);
    return;
  }
  const pgPort = readRunningPort(postgresDir);
  const redisPid = readRedisPid(redisDir);
  console.log(`postgres: ${pgPort === null ? 'stopped' : `running on 127.0.0.1:${pgPort}`}`);
  console.log(
    `redis:    ${redisPid === null ? 'stopped' : `running on 127.0.0.1:${redisPort} (pid ${redisPid})`}`,
  );
  if (pgPort !== null && redisPid !== null)
    for (const [name, value] of Object.entries(urls)) console.log(`${name}=${value}`);
}

const command = process.argv[2];
try {
  if (command === 'up') await up();
  else if (command === 'down') await down();
  else if (command === 'status') status();
  else {
    console.error('usage: npm run services -- up|down|status');
    process.exit(2);
  }
} catch (error) {
  console.error(`services ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
