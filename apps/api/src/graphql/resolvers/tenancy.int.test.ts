import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenantViaApi,
  startTestApi,
  TEST_ADMIN_KEY,
  type TestApi,
} from '../../../../../tests/support/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const VIEWER = `{ viewer { role tenant { id slug name } } }`;

describe('tenants and API keys over GraphQL', () => {
  it('rejects requests without a valid key with UNAUTHENTICATED', async () => {
    for (const key of [null, 'nonsense', 'csk_AAAAAAAA_' + 'x'.repeat(43)]) {
      const res = await api.graphql(key, VIEWER);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lets the platform admin create a tenant whose key sees only that tenant', async () => {
    const a = await createTenantViaApi(api, 'acme');
    const b = await createTenantViaApi(api, 'globex');
    const viewA = await api.graphql(a.adminKey, VIEWER);
    expect(viewA.body.data.viewer).toEqual({
      role: 'ADMIN',
      tenant: { id: a.tenantId, slug: 'acme', name: 'Tenant acme' },
    });
    const viewB = await api.graphql(b.adminKey, VIEWER);
    expect(viewB.body.data.viewer.tenant.id).toBe(b.tenantId);
    const admin = await api.graphql(TEST_ADMIN_KEY, VIEWER);
    expect(admin.body.data.viewer).toEqual({ role: 'PLATFORM_ADMIN', tenant: null });
    const list = await api.graphql(
      TEST_ADMIN_KEY,
      `{ tenants(first: 10) { nodes { slug } pageInfo { hasNextPage } } }`,
    );
    expect(list.body.data.tenants.nodes.map((t: { slug: string }) => t.slug).sort()).toEqual([
      'acme',
      'globex',
    ]);
  });

  it('refuses tenant listing and creation to tenant keys with FORBIDDEN', async () => {
    const t = await createTenantViaApi(api, 'initech');
    const list = await api.graphql(t.adminKey, `{ tenants { nodes { id } } }`);
    expect(list.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const create = await api.graphql(
      t.adminKey,
      `mutation { createTenant(input: {name: "x", slug: "x"}) { tenant { id } } }`,
    );
    expect(create.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('validates input and reports a duplicate slug as CONFLICT', async () => {
    const bad = await api.graphql(
      TEST_ADMIN_KEY,
      `mutation { createTenant(input: {name: "X", slug: "Not A Slug"}) { tenant { id } } }`,
    );
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    await createTenantViaApi(api, 'dupe');
    const again = await api.graphql(
      TEST_ADMIN_KEY,
      `mutation { createTenant(input: {name: "X", slug: "dupe"}) { tenant { id } } }`,
    );
    expect(again.body.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('creates READER keys that cannot mutate, and revoked keys stop working', async () => {
    const t = await createTenantViaApi(api, 'umbrella');
    const created = await api.graphql(
      t.adminKey,
      `mutation { createApiKey(input: {name: "display", role: READER}) { secret apiKey { id role prefix revokedAt } } }`,
    );
    const { secret, apiKey } = created.body.data.createApiKey;
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect((await api.graphql(secret, VIEWER)).body.data.viewer.role).toBe('READER');
    const denied = await api.graphql(
      secret,
      `mutation { createApiKey(input: {name: "x", role: ADMIN}) { secret } }`,
    );
    expect(denied.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const revoked = await api.graphql(
      t.adminKey,
      `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
      { id: apiKey.id },
    );
    expect(revoked.body.data.revokeApiKey.revokedAt).toBeTruthy();
    expect((await api.graphql(secret, VIEWER)).status).toBe(401);
  });

  it("answers NOT_FOUND for another tenant's key id", async () => {
    const a = await createTenantViaApi(api, 'tenant-a');
    const b = await createTenantViaApi(api, 'tenant-b');
    const keyB = await api.graphql(
      b.adminKey,
      `mutation { createApiKey(input: {name: "k", role: READER}) { apiKey { id } } }`,
    );
    const res = await api.graphql(a.adminKey, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, {
      id: keyB.body.data.createApiKey.apiKey.id,
    });
    expect(res.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers health and readiness', async () => {
    expect((await api.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await api.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { postgres: true, redis: true } });
  });

  it('hides internal errors and never returns stack traces', async () => {
    const res = await api.graphql(TEST_ADMIN_KEY, `{ tenants(after: "garbage") { nodes { id } } }`);
    expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('GraphiQL', () => {
  it('serves the IDE and its assets from local packages (works offline)', async () => {
    const page = await api.app.inject({ url: '/graphiql' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(unpkg|cdn|esm\.sh)/);
    for (const src of page.body.match(/\/graphiql\/assets\/[\w.-]+/g) ?? []) {
      const asset = await api.app.inject({ url: src });
      expect(asset.statusCode, src).toBe(200);
      expect(asset.body.length, src).toBeGreaterThan(100);
    }
    expect((await api.app.inject({ url: '/graphiql/assets/../../package.json' })).statusCode).toBe(404);
  });
});
