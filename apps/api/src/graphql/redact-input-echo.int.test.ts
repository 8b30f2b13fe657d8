import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, type TestApi } from '../../../../tests/support/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('errors never echo submitted secrets', () => {
  it('answers BAD_USER_INPUT for a malformed createConnector without repeating the client secret', async () => {
    const { adminKey } = await createTenantViaApi(api, 'echo');
    const canary = 'CANARY-7f3~Q8Zx.secret-value';
    const res = await api.graphql(
      adminKey,
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'x',
          azureTenantId: 'contoso.onmicrosoft.com',
          clientId: '11111111-1111-4111-8111-111111111111',
          clientSecret: canary,
          bogus: 1,
        },
      },
    );
    expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/Field "bogus" is not defined/);
    expect(JSON.stringify(res.body)).not.toContain('CANARY');
  });
});
