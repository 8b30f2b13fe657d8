import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database.ts';
import { seedConnector } from './calsync-db.ts';

// seedConnector inserts mailboxes in chunks of 5,000 (bench/scale.ts seeds 100,000): the rows and the
// returned ids must be those one insert per mailbox gave, across a chunk boundary too.

let database: TestDatabase;
let owner: pg.Client;
const secretBox = createSecretBox([{ id: 'test', key: randomBytes(32) }]);
const credentials = { azureTenantId: 'azure-tenant', clientId: 'client', clientSecret: 'secret' };

beforeAll(async () => {
  database = await createTestDatabase();
  owner = new pg.Client({ connectionString: database.adminUrl });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
  await database.drop();
});

describe('seedConnector', () => {
  it('inserts every mailbox lower-cased under the new connector and returns their ids in the order given', async () => {
    // Descending, mixed case, one more than a chunk: neither the order nor the case comes from the table.
    const addresses = Array.from(
      { length: 5_001 },
      (_, i) => `Room-${String(5_000 - i).padStart(4, '0')}@Scale.Example`,
    );
    const seeded = await seedConnector(database.adminUrl, secretBox, {
      slug: 'bulk',
      addresses,
      ...credentials,
    });

    expect([...seeded.mailboxIds.keys()]).toEqual(addresses.map((a) => a.toLowerCase()));
    const rows = await owner.query<{ id: string; address: string; connector_id: string; kind: string }>(
      'select id, address, connector_id, kind from mailboxes where tenant_id = $1',
      [seeded.tenantId],
    );
    expect(rows.rows).toHaveLength(addresses.length);
    for (const row of rows.rows) {
      expect(seeded.mailboxIds.get(row.address)).toBe(row.id);
      expect(row.connector_id).toBe(seeded.connectorId);
      expect(row.kind).toBe('UNKNOWN');
    }
  });

  it('adds a connector to an existing tenant, and an empty address list inserts no mailbox', async () => {
    const first = await seedConnector(database.adminUrl, secretBox, {
      slug: 'shared',
      addresses: ['a@shared.example'],
      ...credentials,
    });
    const second = await seedConnector(database.adminUrl, secretBox, {
      slug: 'shared',
      addresses: [],
      tenantId: first.tenantId,
      ...credentials,
    });
    expect(second.tenantId).toBe(first.tenantId);
    expect(second.mailboxIds.size).toBe(0);
    const count = await owner.query<{ n: number }>(
      'select count(*)::int as n from mailboxes where connector_id = $1',
      [second.connectorId],
    );
    expect(count.rows[0]!.n).toBe(0);
  });

  it('refuses an address given twice: a tenant holds each address once', async () => {
    await expect(
      seedConnector(database.adminUrl, secretBox, {
        slug: 'twice',
        addresses: ['same@twice.example', 'SAME@twice.example'],
        ...credentials,
      }),
    ).rejects.toThrow(/mailboxes_tenant_address_key/);
  });
});
