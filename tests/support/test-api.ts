import type { FastifyInstance } from 'fastify';
import { buildApp, type ApiConfig } from '@calsync/api';
import type { Core, CoreConfig, CreateCoreOptions } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { createTestCore, testCoreConfig } from './test-core.ts';

// Suites that build their own API config read the test core's config from here too.
export { testCoreConfig };

export const TEST_ADMIN_KEY = 'test-platform-admin-key-0123456789';

export interface TestApi {
  app: FastifyInstance;
  core: Core;
  database: TestDatabase;
  config: ApiConfig;
  /** POST /graphql with a bearer key; returns status and parsed body. */
  graphql<T = any>(
    key: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  close(): Promise<void>;
}

/** A real API (Fastify + mercurius) over a fresh test database and the run's Redis. */
export async function startTestApi(
  options: {
    core?: Partial<CoreConfig>;
    coreOptions?: Omit<CreateCoreOptions, 'logger'>;
    api?: Partial<Omit<ApiConfig, 'core'>>;
    /** Another instance over this database (it stays when this one closes). */
    database?: TestDatabase;
  } = {},
): Promise<TestApi> {
  const database = options.database ?? (await createTestDatabase());
  const coreConfig = testCoreConfig(database, options.core);
  const core = createTestCore(database, coreConfig, options.coreOptions);
  const config: ApiConfig = {
    core: coreConfig,
    host: '127.0.0.1',
    port: 0,
    adminApiKey: TEST_ADMIN_KEY,
    introspection: true,
    rateLimitPerMinute: 100_000,
    ...options.api,
  };
  const app = await buildApp({ config, core });
  return {
    app,
    core,
    database,
    config,
    async graphql(key, query, variables) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        payload: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await core.close();
      if (!options.database) await database.drop();
    },
  };
}

/** Creates a tenant through the public API; returns its id and first ADMIN key. */
export async function createTenantViaApi(
  api: TestApi,
  slug: string,
): Promise<{ tenantId: string; adminKey: string }> {
  const { body } = await api.graphql(
    TEST_ADMIN_KEY,
    `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } apiKeySecret } }`,
    { input: { name: `Tenant ${slug}`, slug } },
  );
  if (!body.data) throw new Error(`createTenant failed: ${JSON.stringify(body.errors)}`);
  return { tenantId: body.data.createTenant.tenant.id, adminKey: body.data.createTenant.apiKeySecret };
}
