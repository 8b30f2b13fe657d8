// Redis really stops (a server of this file's own, not the run's shared one) while the API keeps
// running: a mutation that has to enqueue answers a typed UNAVAILABLE without driver details, and
// the same mutation works again once Redis is back on the same port.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../scripts/lib/free-port.ts';
import { startLocalRedis, type LocalRedis } from '../../../scripts/lib/local-redis.ts';
import { seedConnector } from '../sync/support/calsync-db.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

let port: number;
let redis: LocalRedis;
let api: TestApi;
let key: string;
let connectorId: string;

const SYNC = 'mutation($id: ID!) { syncConnector(id: $id) { enqueued } }';

beforeAll(async () => {
  port = await findFreePort();
  redis = await startLocalRedis({ port, persistent: false });
  // A short command bound keeps the test quick; the default (10 s) is what production waits.
  api = await startTestApi({ core: { redisUrl: redis.url, redisCommandTimeoutMs: 1_500 } });
  const tenant = await createTenantViaApi(api, 'redis-outage');
  key = tenant.adminKey;
  connectorId = (
    await seedConnector(api.database.adminUrl, api.core.secretBox, {
      slug: 'redis-outage',
      tenantId: tenant.tenantId,
      azureTenantId: randomUUID(),
      clientId: randomUUID(),
      clientSecret: 'not-used-here',
      addresses: ['room-1@outage.example', 'room-2@outage.example'],
    })
  ).connectorId;
  expect((await api.graphql(key, SYNC, { id: connectorId })).body.data).toEqual({
    syncConnector: { enqueued: 2 },
  });
  await redis.stop();
}, 60_000);

afterAll(async () => {
  await api?.close();
  await redis?.stop();
});

describe('with Redis stopped', () => {
  it('a mutation that enqueues answers UNAVAILABLE (503) within the command bound, without driver details', async () => {
    const started = Date.now();
    const { status, body } = await api.graphql(key, SYNC, { id: connectorId });
    // Before the bound, ioredis held the request until its 21st reconnect (over a minute).
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(status).toBe(503);
    expect((body.errors ?? []).map((e: any) => e.extensions.code)).toEqual(['UNAVAILABLE']);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|MaxRetries|max retries|127\.0\.0\.1|redis:\/\//i);
    expect(JSON.stringify(body)).not.toContain(String(port));
    expect((await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  }, 60_000);

  it('works again once Redis is back on the same port', async () => {
    redis = await startLocalRedis({ port, persistent: false });
    await expect
      .poll(async () => (await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(200);
    // Memory-only Redis came back empty: both mailboxes are enqueued again.
    expect((await api.graphql(key, SYNC, { id: connectorId })).body.data).toEqual({
      syncConnector: { enqueued: 2 },
    });
  }, 60_000);
});
