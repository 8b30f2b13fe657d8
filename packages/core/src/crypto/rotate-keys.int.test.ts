import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { connectors, createDatabase, tenants, type DatabaseHandle } from '../db/index.ts';
import { reEncryptCredentials } from './rotate-keys.ts';
import { createSecretBox } from './secret-box.ts';

let database: TestDatabase;
let owner: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  owner = createDatabase(database.adminUrl);
});
afterAll(async () => {
  await owner.close();
  await database.drop();
});

describe('npm run keys:rotate', () => {
  it('re-encrypts every stored credential with the newest key, readable afterwards', async () => {
    const oldKey = { id: 'old', key: randomBytes(32) };
    const newKey = { id: 'new', key: randomBytes(32) };
    const before = createSecretBox([oldKey]);
    const seeded: { tenantId: string; id: string; secret: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const tenantId = randomUUID();
      const id = randomUUID();
      const secret = `secret-${i}-${randomBytes(8).toString('hex')}`;
      await owner.db
        .insert(tenants)
        .values({ id: tenantId, slug: `t${i}-${tenantId.slice(0, 6)}`, name: 't' });
      await owner.db.insert(connectors).values({
        tenantId,
        id,
        name: 'c',
        settings: { cloud: 'GLOBAL', azureTenantId: randomUUID(), clientId: randomUUID() },
        credentialKind: 'CLIENT_SECRET',
        credentialCiphertext: before.encrypt(secret, { tenantId, recordId: id }),
        credentialHint: secret.slice(-4),
      });
      seeded.push({ tenantId, id, secret });
    }
    const after = createSecretBox([newKey, oldKey]);
    expect(await reEncryptCredentials(owner.db, after)).toEqual({
      examined: 3,
      reEncrypted: 3,
      alreadyCurrent: 0,
    });
    expect(await reEncryptCredentials(owner.db, after)).toEqual({
      examined: 3,
      reEncrypted: 0,
      alreadyCurrent: 3,
    });
    const onlyNew = createSecretBox([newKey]);
    const rows = await owner.db.select().from(connectors);
    for (const s of seeded) {
      const row = rows.find((r) => r.id === s.id)!;
      expect(onlyNew.decrypt(row.credentialCiphertext, { tenantId: s.tenantId, recordId: s.id })).toBe(
        s.secret,
      );
    }
  });
});
