import { getIntrospectionQuery, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withinOneRateWindow } from '../../support/rate-window.ts';
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

/** `{ event { mailbox { currentEvent { mailbox … id } } } }`, `levels` deep: one cheap path, no aliases. */
function eventChain(levels: number): string {
  const fields = ['event(id: "00000000-0000-0000-0000-000000000000")'];
  while (fields.length < levels - 1) fields.push(fields.length % 2 === 1 ? 'mailbox' : 'currentEvent');
  return `{ ${fields.join(' { ')} { id${' }'.repeat(fields.length)} }`;
}

describe('query limits', () => {
  it('accepts large pages that stay within the cost budget', async () => {
    const { body } = await api.graphql(
      TEST_ADMIN_KEY,
      `query($n: Int) { a: tenants(first: $n) { nodes { id } } b: tenants(first: 200) { nodes { id name slug createdAt } } }`,
      { n: 200 },
    );
    expect(codes(body)).toEqual([]);
  });

  it('rejects a query whose nested pages multiply past the cost budget with QUERY_TOO_COMPLEX', async () => {
    // No aliases, 7 levels deep: only the cost model (50 × 50 × 100 events) can refuse it.
    const query = `query($n: Int) { connectors(first: 50) { nodes { mailboxes(first: $n) { nodes {
      events(start: "2027-01-01T00:00:00Z", end: "2027-02-01T00:00:00Z", first: 100) { nodes { id } } } } } } }`;
    const refused = await api.graphql(key, query, { n: 50 });
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ limit: 50_000 });
    expect(refused.body.errors?.[0].extensions.cost).toBeGreaterThan(50_000);
    // The same shape with a small page size from the variable passes.
    const accepted = await api.graphql(key, query, { n: 2 });
    expect(codes(accepted.body)).toEqual([]);
  });

  it('refuses availability for many mailboxes over a long window before running it', async () => {
    const query = `query($a: [String!]!, $end: DateTime!) {
      availability(addresses: $a, start: "2027-01-01T00:00:00Z", end: $end) { address known busy { start end showAs } } }`;
    const addresses = Array.from({ length: 100 }, (_, i) => `room${i}@contoso.com`);
    const refused = await api.graphql(key, query, { a: addresses, end: '2027-12-31T00:00:00Z' });
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0].extensions.cost).toBeGreaterThan(50_000);
    // Refused before execution: no resolver ran, so no data and no error path.
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0].path).toBeUndefined();
    // The same 100 mailboxes over a week is an ordinary room-finder query.
    const week = await api.graphql(key, query, { a: addresses, end: '2027-01-08T00:00:00Z' });
    expect(codes(week.body)).toEqual([]);
    expect(week.body.data.availability).toHaveLength(100);
  });

  it('rejects more than 30 aliases with QUERY_TOO_COMPLEX', async () => {
    const many = Array.from({ length: 31 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const aliased = await api.graphql(key, `{ ${many} }`);
    expect(codes(aliased.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(aliased.body.errors?.[0].message).toMatch(/aliases/);
  });

  it('rejects nesting deeper than 10 levels with QUERY_TOO_COMPLEX', async () => {
    const refused = await api.graphql(key, eventChain(11));
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0].message).toMatch(/nested 11 levels deep; the limit is 10/);
    expect(codes((await api.graphql(key, eventChain(10))).body)).toEqual([]);
  });

  it('rejects more than 5 operations with QUERY_TOO_COMPLEX', async () => {
    const ops = Array.from({ length: 6 }, (_, i) => `query q${i} { viewer { role } }`).join('\n');
    const response = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: { query: ops, operationName: 'q1' },
    });
    expect(codes(response.json())).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('lets the standard introspection query (GraphiQL, codegen) through the limits', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const { body } = await api.graphql(key, query);
    expect(codes(body)).toEqual([]);
    const names = body.data.__schema.types.map((t: { name: string }) => t.name);
    expect(names).toContain('Query');
  });

  it('still refuses an introspection query nested deeper than the standard one', async () => {
    const ofTypes = `${'ofType { '.repeat(12)}name${' }'.repeat(12)}`;
    const { body } = await api.graphql(key, `{ __type(name: "Query") { fields { type { ${ofTypes} } } } }`);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors?.[0].message).toMatch(/introspection/);
  });

  it('refuses a document with too many tokens before validating it', async () => {
    // 6,000 unknown fields: validated, each would be an error of its own.
    const fields = Array.from({ length: 6000 }, (_, i) => `f${i}`).join(' ');
    const { status, body } = await api.graphql(key, `{ viewer { ${fields} } }`);
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].message).toMatch(/tokens/);
  });

  it('refuses a document with too many directives before validating it', async () => {
    const directives = Array.from({ length: 60 }, () => '@skip(if: false)').join(' ');
    const { body } = await api.graphql(key, `{ viewer { role ${directives} } }`);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].message).toMatch(/directives/);
  });

  it('refuses a JSON-encoded AST, which would skip the parser and its token limit', async () => {
    const { body } = await api.graphql(key, JSON.stringify(parse('{ viewer { role } }')));
    expect(body.data ?? null).toBeNull();
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
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
    await withinOneRateWindow(10_000);
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
