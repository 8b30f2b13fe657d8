import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, type TestApi } from '../../../../../tests/support/test-api.ts';

let api: TestApi; // private destinations allowed (development and tests)
let strict: TestApi; // production policy: https and public addresses only
beforeAll(async () => {
  api = await startTestApi({ core: { webhooks: { allowPrivate: true } } });
  strict = await startTestApi();
});
afterAll(async () => {
  await api?.close();
  await strict?.close();
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { signingSecret endpoint { id url status changeTypes deliveredThrough } } }`;
const FIELDS = `id url status disabledReason changeTypes mailboxIds addresses deliveredThrough consecutiveFailures
  previousSecretExpiresAt recentDeliveries { id }`;

describe('webhook endpoints over GraphQL', () => {
  it('creates an endpoint whose secret is shown once and never again', async () => {
    const t = await createTenantViaApi(api, 'hooks-create');
    const created = await api.graphql(t.adminKey, CREATE, {
      input: { url: 'http://127.0.0.1:9/hook', changeTypes: ['CREATED', 'DELETED'] },
    });
    const { signingSecret, endpoint } = created.body.data.createWebhookEndpoint;
    expect(signingSecret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/hook', status: 'ACTIVE' });
    expect(endpoint.changeTypes).toEqual(['CREATED', 'DELETED']);
    const list = await api.graphql(t.adminKey, `{ webhookEndpoints { ${FIELDS} } }`);
    expect(list.body.data.webhookEndpoints).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(signingSecret.slice('whsec_'.length, 20));
    // The type has no field that could return it.
    const probe = await api.graphql(t.adminKey, `{ webhookEndpoints { signingSecret } }`);
    expect(probe.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(probe.body.data ?? null).toBeNull();
  });

  it('is ADMIN only: READER keys get FORBIDDEN', async () => {
    const t = await createTenantViaApi(api, 'hooks-reader');
    const reader = await api.graphql(
      t.adminKey,
      `mutation { createApiKey(input: {name: "r", role: READER}) { secret } }`,
    );
    const key = reader.body.data.createApiKey.secret as string;
    expect((await api.graphql(key, `{ webhookEndpoints { id } }`)).body.errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    const create = await api.graphql(key, CREATE, { input: { url: 'http://127.0.0.1:9/hook' } });
    expect(create.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses SSRF targets with a typed error naming the url', async () => {
    const t = await createTenantViaApi(strict, 'hooks-ssrf');
    for (const [url, reason] of [
      ['http://hooks.example.com/', /https/],
      ['https://127.0.0.1/', /loopback/],
      ['https://169.254.169.254/latest/meta-data/', /metadata/],
      ['https://10.0.0.8/', /private/],
      ['https://[::ffff:127.0.0.1]/', /ipv4-mapped/],
      ['https://100.64.0.1/', /cgnat/],
      ['https://[fe80::1]/', /link-local/],
    ] as const) {
      const res = await strict.graphql(t.adminKey, CREATE, { input: { url } });
      expect(res.status).toBe(200);
      const error = res.body.errors?.[0];
      expect(error?.extensions.code).toBe('BAD_USER_INPUT');
      expect(error?.extensions.field).toBe('url');
      expect(error?.message).toMatch(reason);
    }
    // Even with private destinations allowed, metadata stays refused.
    const t2 = await createTenantViaApi(api, 'hooks-ssrf-dev');
    const metadata = await api.graphql(t2.adminKey, CREATE, { input: { url: 'http://169.254.169.254/' } });
    expect(metadata.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('updates, disables, enables, rotates, redelivers and deletes; another tenant sees none of it', async () => {
    const t = await createTenantViaApi(api, 'hooks-manage');
    const other = await createTenantViaApi(api, 'hooks-other');
    const created = await api.graphql(t.adminKey, CREATE, { input: { url: 'http://127.0.0.1:9/a' } });
    const { id, deliveredThrough } = created.body.data.createWebhookEndpoint.endpoint;
    const run = (key: string, query: string, variables: Record<string, unknown> = {}) =>
      api.graphql(key, query, { id, ...variables });

    const updated = await run(
      t.adminKey,
      `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "http://127.0.0.1:9/b", addresses: ["Room@X.test"] }) { ${FIELDS} } }`,
    );
    expect(updated.body.data.updateWebhookEndpoint).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      addresses: ['room@x.test'],
    });
    const disabled = await run(
      t.adminKey,
      `mutation($id: ID!) { disableWebhookEndpoint(id: $id) { ${FIELDS} } }`,
    );
    expect(disabled.body.data.disableWebhookEndpoint).toMatchObject({
      status: 'DISABLED',
      disabledReason: 'disabled by an administrator',
    });
    const enabled = await run(
      t.adminKey,
      `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { ${FIELDS} } }`,
    );
    expect(enabled.body.data.enableWebhookEndpoint).toMatchObject({ status: 'ACTIVE', disabledReason: null });

    const rotated = await run(
      t.adminKey,
      `mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 600) { signingSecret endpoint { previousSecretExpiresAt } } }`,
    );
    expect(rotated.body.data.rotateWebhookSecret.signingSecret).toMatch(/^whsec_/);
    expect(rotated.body.data.rotateWebhookSecret.endpoint.previousSecretExpiresAt).not.toBeNull();
    const tooLong = await run(
      t.adminKey,
      `mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 9999999) { signingSecret } }`,
    );
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'overlapSeconds',
    });

    const redelivered = await run(
      t.adminKey,
      `mutation($id: ID!, $from: String!) { redeliverWebhook(id: $id, fromCursor: $from) { deliveredThrough } }`,
      { from: deliveredThrough },
    );
    expect(redelivered.body.data.redeliverWebhook.deliveredThrough).toBe(deliveredThrough);
    const forged = await run(
      t.adminKey,
      `mutation($id: ID!) { redeliverWebhook(id: $id, fromCursor: "nonsense") { id } }`,
    );
    expect(forged.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromCursor' });

    // Tenant isolation: the other tenant's admin finds nothing and changes nothing.
    expect(
      (await run(other.adminKey, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`)).body.data,
    ).toEqual({
      webhookEndpoint: null,
    });
    const foreign = await run(other.adminKey, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`);
    expect(foreign.body.errors?.[0].extensions.code).toBe('NOT_FOUND');

    expect(
      (await run(t.adminKey, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`)).body.data,
    ).toEqual({
      deleteWebhookEndpoint: true,
    });
    expect((await run(t.adminKey, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`)).body.data).toEqual({
      webhookEndpoint: null,
    });
  });
});
