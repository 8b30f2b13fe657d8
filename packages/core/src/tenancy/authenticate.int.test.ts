import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { createApiKeyAuthenticator } from './authenticate.ts';
import { createTenant } from './tenants.ts';

let database: TestDatabase;
let app: DatabaseHandle;
let lookups = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createDatabase(database.appUrl, {
    onQuery: (sql) => {
      if (sql.includes('calsync_find_api_key')) lookups++;
    },
  });
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('API key authenticator', () => {
  it('answers repeated unknown and wrong keys without a database lookup each time', async () => {
    const created = await createTenant(
      app.db,
      { role: 'PLATFORM_ADMIN', tenantId: null, keyId: null },
      {
        name: 'Neg',
        slug: 'neg',
      },
    );
    const authenticator = createApiKeyAuthenticator({ db: app.db });
    try {
      lookups = 0;
      for (let i = 0; i < 5; i++)
        expect(await authenticator.authenticate(`csk_unknown1_${'x'.repeat(43)}`)).toBeNull();
      expect(lookups).toBe(1);
      const prefix = created.secret.slice(0, 'csk_'.length + 8);
      lookups = 0;
      for (let i = 0; i < 5; i++) {
        expect(await authenticator.authenticate(`${prefix}_${'y'.repeat(43)}`)).toBeNull();
      }
      expect(lookups).toBe(1);
      // The right secret for that prefix still authenticates (from the same cached row).
      expect(await authenticator.authenticate(created.secret)).toMatchObject({ keyId: created.apiKey.id });
      // A fresh check always asks the database.
      lookups = 0;
      await authenticator.authenticate(created.secret, { fresh: true });
      expect(lookups).toBe(1);
    } finally {
      await authenticator.close();
    }
  });

  it('tells the platform admin key from tenant keys, cached or not, and refuses near misses', async () => {
    const adminApiKey = 'platform-admin-key-for-the-authenticator-test';
    const created = await createTenant(
      app.db,
      { role: 'PLATFORM_ADMIN', tenantId: null, keyId: null },
      { name: 'Adm', slug: 'adm' },
    );
    const authenticator = createApiKeyAuthenticator({ db: app.db, adminApiKey });
    try {
      for (let i = 0; i < 2; i++) {
        expect(await authenticator.authenticate(adminApiKey)).toEqual({
          role: 'PLATFORM_ADMIN',
          tenantId: null,
          keyId: null,
        });
        expect(await authenticator.authenticate(`${adminApiKey}x`)).toBeNull();
        // First from the database, then from the cache: the same principal both times.
        expect(await authenticator.authenticate(created.secret)).toMatchObject({
          role: 'ADMIN',
          tenantId: created.tenant.id,
          keyId: created.apiKey.id,
        });
        const flipped = created.secret.slice(0, -1) + (created.secret.endsWith('A') ? 'B' : 'A');
        expect(await authenticator.authenticate(flipped)).toBeNull();
      }
    } finally {
      await authenticator.close();
    }
  });
});
