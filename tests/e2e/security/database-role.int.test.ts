import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoleProblems, createDatabase } from '@calsync/core';
import { withCredentials } from '../../../scripts/lib/create-database.ts';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../support/test-database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/** Runs an entry point until it exits (or 60 s), with only the environment given. */
function runEntry(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the DATABASE_URL role', () => {
  it('is checked: the app role passes, the owner (a superuser here) does not', async () => {
    const app = createDatabase(database.appUrl, { max: 1 });
    const owner = createDatabase(database.adminUrl, { max: 1 });
    try {
      expect(await appRoleProblems(app.db)).toEqual([]);
      const problems = await appRoleProblems(owner.db);
      expect(problems.join('; ')).toMatch(/superuser/);
      expect(problems.join('; ')).toMatch(/owns the tables/);
    } finally {
      await Promise.all([app.close(), owner.close()]);
    }
  });

  it('is checked for BYPASSRLS on a role that is neither superuser nor owner', async () => {
    // Roles are cluster-wide: a name of this run's own, dropped afterwards.
    const role = `calsync_bypass_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const owner = createDatabase(database.adminUrl, { max: 1 });
    await owner.pool.query(`create role ${role} login bypassrls password '${password}'`);
    const bypass = createDatabase(withCredentials(database.appUrl, role, password), { max: 1 });
    try {
      expect(await appRoleProblems(bypass.db)).toEqual([`role "${role}" has BYPASSRLS`]);
    } finally {
      await bypass.close();
      await owner.pool.query(`drop role ${role}`);
      await owner.close();
    }
  });

  it('makes the API and the worker refuse to start with one clear line and a non-zero exit', async () => {
    const env = {
      DATABASE_URL: database.adminUrl,
      REDIS_URL: testRedisUrl(),
      CALSYNC_ADMIN_API_KEY: 'role-check-admin-key-0123456789',
      CALSYNC_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    for (const entry of ['apps/api/src/main.ts', 'apps/worker/src/main.ts']) {
      const { code, stderr } = await runEntry(entry, env);
      expect(code, entry).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines, entry).toHaveLength(1);
      expect(lines[0]).toMatch(/DATABASE_URL must use the app role .*superuser/);
    }
  });
});
