import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, TEST_ADMIN_KEY, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  key = (await createTenantViaApi(api, 'cursors')).adminKey;
});

afterAll(async () => {
  await api?.close();
});

/** A cursor shaped like ours (base64url JSON array) but with values the API never made. */
const forged = (...values: (string | number)[]): string =>
  Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

const codes = (body: { errors?: any[] }): string[] => (body.errors ?? []).map((e) => e.extensions?.code);

describe('forged cursors', () => {
  it('tenants(after:) with a non-uuid value is BAD_USER_INPUT', async () => {
    for (const after of [forged('not-a-uuid'), forged(42), 'garbage']) {
      const { body } = await api.graphql(
        TEST_ADMIN_KEY,
        'query($a: String) { tenants(after: $a) { nodes { id } } }',
        {
          a: after,
        },
      );
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('connectors(after:) and apiKeys(after:) with a bad time or id are BAD_USER_INPUT', async () => {
    const cursors = [
      forged('2027-01-01T00:00:00.000Z', 'not-a-uuid'),
      forged('yesterday', '00000000-0000-0000-0000-000000000000'),
      forged(1, 2),
    ];
    for (const field of ['connectors', 'apiKeys']) {
      for (const after of cursors) {
        const { body } = await api.graphql(
          key,
          `query($a: String) { ${field}(after: $a) { nodes { id } } }`,
          {
            a: after,
          },
        );
        expect(codes(body), `${field} ${after}`).toEqual(['BAD_USER_INPUT']);
      }
    }
  });
});
