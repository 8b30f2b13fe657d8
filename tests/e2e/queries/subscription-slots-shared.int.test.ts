// The per-key live-subscription cap holds across API instances sharing one Redis, and a crashed
// instance's slots come back once their TTL passes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@calsync/api';
import { createCore, createLogger, type Core } from '@calsync/core';
import {
  connectGraphqlWs,
  subscribeOrRefusal as subscribe,
  type GraphqlWsClient,
} from '../../support/graphql-ws-client.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

const SLOT_TTL_MS = 1_500;
const LIVE = 'subscription { eventChanged { kind eventId } }';

let first: TestApi;
/** A second API process in all but name: its own core (pools, Redis connection), same database and Redis. */
let second: { app: FastifyInstance; core: Core };
const urls: string[] = [];
const open: GraphqlWsClient[] = [];

beforeAll(async () => {
  first = await startTestApi({
    api: { limits: { subscriptionsPerConnection: 10, subscriptionsPerKey: 3, liveSlotTtlMs: SLOT_TTL_MS } },
  });
  const core = createCore(first.config.core, { logger: createLogger({ level: 'silent' }) });
  second = { app: await buildApp({ config: first.config, core }), core };
  for (const app of [first.app, second.app]) {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    urls.push(`${address.replace('http', 'ws')}/graphql`);
  }
});

afterAll(async () => {
  for (const client of open) client.close();
  await second?.app.close();
  await second?.core.close();
  await first?.close();
});

async function connected(instance: 0 | 1, key: string): Promise<GraphqlWsClient> {
  const client = await connectGraphqlWs(urls[instance]!, { authorization: `Bearer ${key}` });
  open.push(client);
  await client.next((m) => m.type === 'connection_ack');
  return client;
}

async function readerKey(adminKey: string, name: string): Promise<string> {
  const { body } = await first.graphql(
    adminKey,
    `mutation($name: String!) { createApiKey(input: { name: $name, role: READER }) { secret } }`,
    { name },
  );
  return body.data.createApiKey.secret;
}

describe('live subscriptions per API key across API instances', () => {
  it('refuses a key’s 4th subscription on either instance when its 3 are spread over both', async () => {
    const tenant = await createTenantViaApi(first, 'slots-shared');
    const key = await readerKey(tenant.adminKey, 'spread');
    const onFirst = await connected(0, key);
    const onSecond = await connected(1, key);
    expect(await subscribe(onFirst, 'a1', LIVE)).toBeNull();
    expect(await subscribe(onFirst, 'a2', LIVE)).toBeNull();
    expect(await subscribe(onSecond, 'b1', LIVE)).toBeNull();
    for (const [client, id] of [
      [onSecond, 'b2'],
      [onFirst, 'a3'],
    ] as const) {
      const refused = await subscribe(client, id, LIVE);
      expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
      expect(refused?.message).toMatch(/per API key/);
    }
    // Ending one on the first instance frees a slot the second instance can take.
    onFirst.send({ id: 'a1', type: 'complete' });
    await expect.poll(() => subscribe(onSecond, `b-${Date.now()}`, LIVE), { timeout: 5_000 }).toBeNull();
    // Another key of the same tenant has slots of its own.
    const other = await connected(1, await readerKey(tenant.adminKey, 'other'));
    expect(await subscribe(other, 'o1', LIVE)).toBeNull();
  });

  it('gives a crashed instance’s slots back once their TTL passes, not before', async () => {
    const tenant = await createTenantViaApi(first, 'slots-crash');
    const key = await readerKey(tenant.adminKey, 'crash');
    const onSecond = await connected(1, key);
    for (const id of ['c1', 'c2', 'c3']) expect(await subscribe(onSecond, id, LIVE)).toBeNull();
    const onFirst = await connected(0, key);
    expect((await subscribe(onFirst, 'f1', LIVE))?.message).toMatch(/per API key/);

    // The second instance "crashes": it loses Redis (no refresh, no release) with its sockets open.
    second.core.redis.disconnect();
    const crashed = Date.now();
    expect((await subscribe(onFirst, 'f2', LIVE))?.message).toMatch(/per API key/);
    await expect
      .poll(() => subscribe(onFirst, `f-${Date.now()}`, LIVE), { timeout: SLOT_TTL_MS * 4, interval: 200 })
      .toBeNull();
    expect(Date.now() - crashed).toBeGreaterThanOrEqual(SLOT_TTL_MS / 2);
  });
});
