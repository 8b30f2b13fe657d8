import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, TEST_ADMIN_KEY, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi({ api: { rateLimitPerMinute: 100_000 } });
  key = (await createTenantViaApi(api, 'hardening')).adminKey;
});

afterAll(async () => {
  await api?.close();
});

const codes = (body: { errors?: any[] }): string[] => (body.errors ?? []).map((e) => e.extensions?.code);

describe('query limits', () => {
  it('rejects a query whose nested pages multiply past the cost budget with QUERY_TOO_COMPLEX', async () => {
    const { body } = await api.graphql(
      TEST_ADMIN_KEY,
      `query($n: Int) { a: tenants(first: $n) { nodes { id } } b: tenants(first: 200) { nodes { id name slug createdAt } } }`,
      { n: 200 },
    );
    expect(codes(body)).toEqual([]);
    const many = Array.from({ length: 31 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const aliased = await api.graphql(key, `{ ${many} }`);
    expect(codes(aliased.body)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('rejects deep nesting and too many operations with QUERY_TOO_COMPLEX', async () => {
    const ops = Array.from({ length: 6 }, (_, i) => `query q${i} { viewer { role } }`).join('\n');
    const response = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: { query: ops, operationName: 'q1' },
    });
    expect(codes(response.json())).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses batched queries and oversized bodies without a 5xx', async () => {
    const batched = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]),
    });
    expect(batched.statusCode).toBeGreaterThanOrEqual(400);
    expect(batched.statusCode).toBeLessThan(500);
    const huge = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: `{ viewer { role } } # ${'x'.repeat(2_000_000)}` }),
    });
    expect(huge.statusCode).toBe(413);
  });

  it('accepts extensions: null as GraphQL over HTTP allows', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        query: '{ viewer { role } }',
        variables: null,
        operationName: null,
        extensions: null,
      }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.viewer.role).toBe('ADMIN');
  });
});

describe('production mode', () => {
  let prod: TestApi;
  beforeAll(async () => {
    prod = await startTestApi({ api: { introspection: false, rateLimitPerMinute: 3 } });
  });
  afterAll(async () => {
    await prod?.close();
  });

  it('turns introspection and field suggestions off', async () => {
    const schema = await prod.graphql(TEST_ADMIN_KEY, '{ __schema { types { name } } }');
    expect(schema.body.data ?? null).toBeNull();
    expect(JSON.stringify(schema.body.errors)).toMatch(/introspection/i);
    const typo = await prod.graphql(TEST_ADMIN_KEY, '{ viewr { role } }');
    expect(JSON.stringify(typo.body.errors)).not.toMatch(/Did you mean/);
  });

  it('limits requests per API key per minute with RATE_LIMITED', async () => {
    const tenant = await createTenantViaApi(prod, 'limited');
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 4; i++) {
      const { status, body } = await prod.graphql(tenant.adminKey, '{ viewer { role } }');
      statuses.push(status);
      last = body;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(codes(last)).toEqual(['RATE_LIMITED']);
  });
});
