// Postgres really stops (a cluster of this file's own, not the run's shared one) while the
// API keeps running: every answer must be a typed UNAVAILABLE without SQL, parameters or keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiConfig } from '../../../apps/api/src/index.ts';
import { appRoleName, runMigrations } from '@calsync/core';
import { createCore, createLogger, type Core } from '@calsync/core';
import { withCredentials } from '../../../scripts/lib/create-database.ts';
import { findFreePort } from '../../../scripts/lib/free-port.ts';
import { startLocalPostgres, type LocalPostgres } from '../../../scripts/lib/local-postgres.ts';
import { testCoreConfig, TEST_ADMIN_KEY } from '../../support/test-api.ts';

let workDir: string;
let postgres: LocalPostgres;
let core: Core;
let app: FastifyInstance;
let usedKey: string;
let freshKey: string;
const logLines: string[] = [];

async function graphql(key: string, query: string): Promise<{ status: number; body: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    payload: JSON.stringify({ query }),
  });
  return { status: response.statusCode, body: response.body };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'calsync-outage-'));
  postgres = await startLocalPostgres({
    dataDir: join(workDir, 'pgdata'),
    port: await findFreePort(),
    fast: true,
  });
  const appUrl = withCredentials(postgres.url, appRoleName, 'outage-test');
  await runMigrations({ adminUrl: postgres.url, appUrl });
  const config = testCoreConfig({ adminUrl: postgres.url, appUrl, drop: () => Promise.resolve() });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  core = createCore(config, { logger: createLogger({ level: 'info', destination: sink }) });
  const apiConfig: ApiConfig = {
    core: config,
    host: '127.0.0.1',
    port: 0,
    adminApiKey: TEST_ADMIN_KEY,
    introspection: true,
    rateLimitPerMinute: 100_000,
  };
  app = await buildApp({ config: apiConfig, core });
  // A plain REST route over Postgres: what any non-GraphQL endpoint meets during an outage.
  app.get('/outage-probe', () => core.db.execute(sql`select 1`).then(() => ({ ok: true })));
  const created = JSON.parse(
    (
      await graphql(
        TEST_ADMIN_KEY,
        'mutation { createTenant(input: { name: "Outage", slug: "outage" }) { apiKeySecret } }',
      )
    ).body,
  );
  usedKey = created.data.createTenant.apiKeySecret;
  const minted = JSON.parse(
    (await graphql(usedKey, 'mutation { createApiKey(input: { name: "spare", role: READER }) { secret } }'))
      .body,
  );
  freshKey = minted.data.createApiKey.secret;
  expect(JSON.parse((await graphql(usedKey, '{ viewer { role } }')).body).data.viewer.role).toBe('ADMIN');
  await postgres.stop();
});

afterAll(async () => {
  await app?.close();
  await core?.close();
  await postgres?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/select|calsync_find_api_key|params|Failed query|ECONNREFUSED|127\.0\.0\.1/i);
  expect(text).not.toContain(usedKey);
  expect(text).not.toContain(freshKey);
  expect(text).not.toMatch(/csk_[A-Za-z0-9]+_/);
}

describe('with Postgres stopped', () => {
  it('a key the API has not seen yet gets UNAVAILABLE (503), not the failed SQL with the key', async () => {
    const { status, body } = await graphql(freshKey, '{ viewer { role } }');
    expect(status).toBe(503);
    expect(JSON.parse(body).errors.map((e: any) => e.extensions.code)).toEqual(['UNAVAILABLE']);
    expectNoLeak(body);
  });

  it('a cached key reaching a resolver gets UNAVAILABLE too', async () => {
    const { status, body } = await graphql(usedKey, '{ viewer { role tenant { name } } }');
    expect(status).toBe(503);
    expect(JSON.parse(body).errors.map((e: any) => e.extensions.code)).toEqual(['UNAVAILABLE']);
    expectNoLeak(body);
  });

  it('a non-GraphQL route answers 503 UNAVAILABLE', async () => {
    const response = await app.inject({ method: 'GET', url: '/outage-probe' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'Service Unavailable', code: 'UNAVAILABLE' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  });

  it('logs the outage without SQL parameters or key material', () => {
    const logged = logLines.join('');
    expect(logged).toMatch(/unavailable/i);
    expect(logged).not.toContain(usedKey);
    expect(logged).not.toContain(freshKey);
    expect(logged).not.toMatch(/params: /);
  });
});
