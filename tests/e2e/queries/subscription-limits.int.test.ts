import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '@calsync/core';
import {
  connectGraphqlWs as connect,
  subscribeOrRefusal as subscribe,
  type GraphqlWsClient,
} from '../../support/graphql-ws-client.ts';
import { withinOneRateWindow } from '../../support/rate-window.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let owner: DatabaseHandle;
let url: string;
const open: GraphqlWsClient[] = [];

beforeAll(async () => {
  api = await startTestApi({
    api: {
      limits: { subscriptionsPerConnection: 2, subscriptionsPerKey: 3, liveKeyRecheckMs: 200 },
    },
  });
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/graphql`;
});

afterAll(async () => {
  for (const client of open) client.close();
  await owner?.close();
  await api?.close();
});

async function connected(key: string): Promise<GraphqlWsClient> {
  const client = await connect(url, { authorization: `Bearer ${key}` });
  open.push(client);
  await client.next((m) => m.type === 'connection_ack');
  return client;
}

const LIVE = 'subscription { eventChanged { kind eventId } }';

describe('subscription operations get the same limits as queries', () => {
  it('refuses nesting deeper than 10 levels', async () => {
    const tenant = await createTenantViaApi(api, 'sub-depth');
    const client = await connected(tenant.adminKey);
    let selection = 'id';
    for (let i = 0; i < 4; i++) selection = `mailbox { currentEvent { ${selection} } }`;
    const error = await subscribe(client, 'deep', `subscription { eventChanged { event { ${selection} } } }`);
    expect(error?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.message).toMatch(/nested 11 levels/);
  });

  it('refuses a cost past the budget, page sizes taken from the variables', async () => {
    const tenant = await createTenantViaApi(api, 'sub-cost');
    const client = await connected(tenant.adminKey);
    const query = `subscription($n: Int) { eventChanged { event { mailbox {
      events(start: "2027-01-01T00:00:00Z", end: "2027-02-01T00:00:00Z", first: $n) { nodes { mailbox {
        events(start: "2027-01-01T00:00:00Z", end: "2027-02-01T00:00:00Z", first: $n) { nodes { id } } } } } } } } }`;
    const error = await subscribe(client, 'cost', query, { n: 500 });
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 50_000 });
  });

  it('refuses more than 30 aliases and fields the schema does not have', async () => {
    const tenant = await createTenantViaApi(api, 'sub-shape');
    const client = await connected(tenant.adminKey);
    const aliases = Array.from({ length: 31 }, (_, i) => `k${i}: kind`).join(' ');
    const aliased = await subscribe(client, 'aliases', `subscription { eventChanged { ${aliases} } }`);
    expect(aliased?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const invalid = await subscribe(client, 'invalid', 'subscription { eventChanged { nope } }');
    expect(invalid?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('counts subscriptions against the API key’s rate limit', async () => {
    await withinOneRateWindow(15_000);
    const limited = await startTestApi({ api: { rateLimitPerMinute: 4 } });
    try {
      const tenant = await createTenantViaApi(limited, 'sub-rate');
      const address = await limited.app.listen({ port: 0, host: '127.0.0.1' });
      const first = await connect(`${address.replace('http', 'ws')}/graphql`, {
        authorization: `Bearer ${tenant.adminKey}`,
      });
      open.push(first);
      await first.next((m) => m.type === 'connection_ack');
      expect(await subscribe(first, 'a', LIVE)).toBeNull();
      expect(await subscribe(first, 'b', LIVE)).toBeNull();
      expect(await subscribe(first, 'c', LIVE)).toBeNull();
      // 3 used; one HTTP request uses the 4th; the next subscription is over the limit.
      expect((await limited.graphql(tenant.adminKey, '{ viewer { role } }')).status).toBe(200);
      const refused = await subscribe(first, 'd', LIVE);
      expect(refused?.extensions?.code).toBe('RATE_LIMITED');
      first.close();
    } finally {
      await limited.close();
    }
  });
});

describe('subscription operations get the introspection rules of the server', () => {
  const typo = 'subscription { eventChanged { kinf } }';

  it('suggests field names only where introspection is on', async () => {
    const tenant = await createTenantViaApi(api, 'sub-suggest');
    const error = await subscribe(await connected(tenant.adminKey), 'typo', typo);
    // The yardstick: graphql's own message carries the suggestion the closed server must strip.
    expect(error?.message).toMatch(/Did you mean "kind"/);
  });

  it('refuses a typo without suggestions where introspection is off', async () => {
    const closed = await startTestApi({ api: { introspection: false } });
    try {
      const tenant = await createTenantViaApi(closed, 'sub-closed');
      const address = await closed.app.listen({ port: 0, host: '127.0.0.1' });
      const client = await connect(`${address.replace('http', 'ws')}/graphql`, {
        authorization: `Bearer ${tenant.adminKey}`,
      });
      open.push(client);
      await client.next((m) => m.type === 'connection_ack');
      const error = await subscribe(client, 'typo', typo);
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(/Cannot query field "kinf"/);
      expect(error?.message).not.toMatch(/Did you mean/);
      client.close();
    } finally {
      await closed.close();
    }
  });
});

describe('subscription caps', () => {
  it('allows at most 2 live subscriptions per connection and 3 per key', async () => {
    const tenant = await createTenantViaApi(api, 'sub-caps');
    const { body } = await api.graphql(
      tenant.adminKey,
      `mutation { createApiKey(input: { name: "live", role: READER }) { secret } }`,
    );
    const key: string = body.data.createApiKey.secret;
    const first = await connected(key);
    expect(await subscribe(first, '1', LIVE)).toBeNull();
    expect(await subscribe(first, '2', LIVE)).toBeNull();
    const third = await subscribe(first, '3', LIVE);
    expect(third?.extensions?.code).toBe('RATE_LIMITED');
    expect(third?.message).toMatch(/per connection/);
    // Ending one frees its slot on the connection.
    first.send({ id: '1', type: 'complete' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await subscribe(first, '4', LIVE)).toBeNull();
    const second = await connected(key);
    const perKey = await subscribe(second, '5', LIVE);
    expect(perKey).toBeNull();
    const over = await subscribe(second, '6', LIVE);
    expect(over?.message).toMatch(/per API key/);
  });
});

describe('long-lived sockets re-check their key', () => {
  it('closes with 4403 when the key is revoked', async () => {
    const tenant = await createTenantViaApi(api, 'sub-revoke');
    const { body } = await api.graphql(
      tenant.adminKey,
      `mutation { createApiKey(input: { name: "doomed", role: READER }) { apiKey { id } secret } }`,
    );
    const client = await connected(body.data.createApiKey.secret);
    expect(await subscribe(client, 'live', LIVE)).toBeNull();
    await api.graphql(tenant.adminKey, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, {
      id: body.data.createApiKey.apiKey.id,
    });
    const closed = await Promise.race([
      client.closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('socket stayed open')), 3000)),
    ]);
    expect(closed).toMatchObject({ code: 4403 });
  });

  it('closes with 4403 when the key’s tenant is deleted', async () => {
    const tenant = await createTenantViaApi(api, 'sub-deleted');
    const client = await connected(tenant.adminKey);
    expect(await subscribe(client, 'live', LIVE)).toBeNull();
    await owner.db.execute(sql`delete from tenants where id = ${tenant.tenantId}`);
    const closed = await Promise.race([
      client.closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('socket stayed open')), 3000)),
    ]);
    expect(closed).toMatchObject({ code: 4403 });
  });
});
