import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGraphqlWs } from '../../support/graphql-ws-client.ts';
import { withinOneRateWindow } from '../../support/rate-window.ts';
import { createTenantViaApi, startTestApi, TEST_ADMIN_KEY, type TestApi } from '../../support/test-api.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({
    api: {
      rateLimitPerMinute: 100,
      limits: { failedAuthPerMinute: 3, perTenantPerMinute: 5, maxApiKeysPerTenant: 3 },
    },
  });
});

afterAll(async () => {
  await api?.close();
});

async function viewer(key: string | null, remoteAddress: string) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  return { status: response.statusCode, body: response.json(), retryAfter: response.headers['retry-after'] };
}

const codeOf = (body: any): string | undefined => body.errors?.[0]?.extensions?.code;

describe('failed authentication per client address', () => {
  it('answers 429 RATE_LIMITED once an address used up its failed attempts, other addresses unaffected', async () => {
    await withinOneRateWindow(10_000);
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    for (const key of ['csk_aaaaaaaa_wrong', null, 'csk_bbbbbbbb_wrong', 'csk_cccccccc_wrong', null]) {
      statuses.push((await viewer(key, attacker)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await viewer('csk_dddddddd_wrong', attacker);
    expect(codeOf(refused.body)).toBe('RATE_LIMITED');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await viewer('csk_eeeeeeee_wrong', '198.51.100.9')).status).toBe(401);
  });

  it('counts wrong ICS feed tokens and wrong API keys from one address against one budget', async () => {
    await withinOneRateWindow(10_000);
    const guesser = '203.0.113.8';
    const feed = (token: string) =>
      api.app.inject({ method: 'GET', url: `/ics/${token}.ics`, remoteAddress: guesser });
    expect((await feed('csk_ffffffff_wrong')).statusCode).toBe(404);
    expect((await viewer('csk_gggggggg_wrong', guesser)).status).toBe(401);
    expect((await feed('csk_hhhhhhhh_wrong')).statusCode).toBe(404);
    // Three failures, whichever door: both doors are closed to the address now.
    const refused = await feed('csk_iiiiiiii_wrong');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await viewer(TEST_ADMIN_KEY, guesser)).status).toBe(429);
    expect((await feed('csk_jjjjjjjj_wrong')).statusCode).toBe(429);
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: '/ics/csk_kkkkkkkk_wrong.ics',
          remoteAddress: '198.51.100.10',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('per-tenant budget and key cap', () => {
  it('caps unrevoked keys per tenant with a clear CONFLICT, and revoking frees a slot', async () => {
    const tenant = await createTenantViaApi(api, 'key-cap');
    const mint = (name: string) =>
      api.graphql(
        tenant.adminKey,
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
        { input: { name, role: 'READER' } },
      );
    const first = await mint('one');
    expect((await mint('two')).body.errors).toBeUndefined();
    const third = await mint('three');
    expect(third.body.errors?.[0].extensions).toEqual({ code: 'CONFLICT', limit: 3 });
    expect(third.body.errors?.[0].message).toMatch(/3 active API keys/);
    await api.graphql(tenant.adminKey, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, {
      id: first.body.data.createApiKey.apiKey.id,
    });
    expect((await mint('three again')).body.errors).toBeUndefined();
  });

  it('counts every key of a tenant against one tenant budget', async () => {
    await withinOneRateWindow(10_000);
    const tenant = await createTenantViaApi(api, 'tenant-budget');
    const secrets: string[] = [];
    for (const name of ['b', 'c']) {
      const { body } = await api.graphql(
        tenant.adminKey,
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { name, role: 'READER' } },
      );
      secrets.push(body.data.createApiKey.secret);
    }
    // Two units used by the mints; three more fit in the tenant's 5, spread over fresh keys.
    const [b, c] = secrets as [string, string];
    const statuses = [];
    for (const key of [b, c, b, c]) statuses.push((await viewer(key, '192.0.2.1')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await viewer(c, '192.0.2.1');
    expect(codeOf(refused.body)).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toMatch(/tenant/);
  });
});

// Last in this file: it uses up the failed attempts of 127.0.0.1, where every real socket comes from.
describe('failed authentication over WebSocket', () => {
  it('counts wrong connection_init keys against the address, which then cannot even open a socket', async () => {
    await withinOneRateWindow(15_000);
    const origin = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${origin.replace('http', 'ws')}/graphql`;
    for (const key of ['csk_ffffffff_wrong', 'csk_gggggggg_wrong', 'csk_hhhhhhhh_wrong']) {
      const client = await connectGraphqlWs(url, { authorization: `Bearer ${key}` });
      await client.next((m) => m.type === 'connection_error');
      client.close();
    }
    // The same address over HTTP: its budget is already spent by the WebSocket guesses.
    const http = await viewer('csk_iiiiiiii_wrong', '127.0.0.1');
    expect(http.status).toBe(429);
    expect(codeOf(http.body)).toBe('RATE_LIMITED');
    // And the next upgrade is answered 429 before any socket exists, whatever key it would send.
    await expect(connectGraphqlWs(url, { authorization: `Bearer ${TEST_ADMIN_KEY}` })).rejects.toBeDefined();
    // Another address is unaffected.
    expect((await viewer('csk_jjjjjjjj_wrong', '198.51.100.10')).status).toBe(401);
  });
});
