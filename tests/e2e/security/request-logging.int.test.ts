import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiConfig } from '@calsync/api';
import { createCore, createLogger, type Core } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { testCoreConfig, TEST_ADMIN_KEY } from '../../support/test-api.ts';
import type { FastifyInstance } from 'fastify';

let database: TestDatabase;
let core: Core;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testCoreConfig(database);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
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
    rateLimitPerMinute: 1000,
  };
  app = await buildApp({ config: apiConfig, core });
});

afterAll(async () => {
  await app?.close();
  await core?.close();
  await database?.drop();
});

describe('request logs', () => {
  it('never hold a GET query string verbatim (variables can carry personal data)', async () => {
    const query = 'query($search: String) { mailboxes(search: $search) { nodes { id } } }';
    const variables = JSON.stringify({ search: 'ceo-private-room-7731' });
    const url = `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`;
    const response = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    expect(response.statusCode).toBeLessThan(500);
    const logged = lines.join('');
    expect(logged).toContain('/graphql');
    expect(logged).not.toContain('ceo-private-room-7731');
    expect(logged).not.toContain(encodeURIComponent('ceo-private-room-7731'));
    expect(logged).not.toContain('variables=');
  });
});
