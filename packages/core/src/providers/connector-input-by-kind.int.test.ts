// The per-kind connector input table through createConnector/updateConnector: each kind refuses the
// other's fields by name, and bad input is BAD_USER_INPUT even for a connector that does not exist.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import { createConnector } from '../connectors/create-connector.ts';
import { updateConnector } from '../connectors/update-connector.ts';
import type { Core } from '../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import type { Principal } from '../tenancy/index.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
let principal: Principal;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  seeded = await seedTenant(admin.db, 'kinds');
  principal = { role: 'ADMIN', tenantId: seeded.tenantId, keyId: 'test-key' };
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: { code?: string; details?: { field?: string }; message: string }) => ({
      code: error.code,
      field: error.details?.field,
      message: error.message,
    }),
  );

describe('connector input per kind', () => {
  it("refuses the other kind's fields by name on create", async () => {
    expect(
      await refusal(
        createConnector(core, principal, {
          name: 'ews',
          kind: 'EXCHANGE_ONPREM',
          clientId: '11111111-1111-4111-8111-111111111111',
        }),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'clientId',
      message: 'clientId: is for MICROSOFT_GRAPH connectors, not EXCHANGE_ONPREM',
    });
    expect(
      await refusal(
        createConnector(core, principal, {
          name: 'm365',
          exchangeOnPrem: { ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx' },
        }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exchangeOnPrem' });
  });

  it("refuses the other kind's fields on update once the connector's kind is known", async () => {
    const m365 = await createConnector(core, principal, {
      name: 'm365',
      azureTenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-1111-4111-8111-111111111111',
      clientSecret: 'a-secret-of-enough-length',
    });
    expect(
      await refusal(updateConnector(core, principal, m365.id, { exchangeOnPrem: { username: 'x' } })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exchangeOnPrem' });
    const renamed = await updateConnector(core, principal, m365.id, {
      azureTenantId: 'fabrikam.onmicrosoft.com',
    });
    expect(renamed).toMatchObject({ azureTenantId: 'fabrikam.onmicrosoft.com' });
  });

  it('answers bad input before looking the connector up: BAD_USER_INPUT, then NOT_FOUND', async () => {
    const missing = randomUUID();
    for (const input of [{ azureTenantId: 'common' }, { exchangeOnPrem: { password: '' } }]) {
      expect(await refusal(updateConnector(core, principal, missing, input))).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    }
    expect(await refusal(updateConnector(core, principal, missing, { name: 'fine' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
