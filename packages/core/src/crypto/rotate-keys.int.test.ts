import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
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

async function seedCredential(sealWith: ReturnType<typeof createSecretBox>, label: string) {
  const tenantId = randomUUID();
  const id = randomUUID();
  const secret = `secret-${label}-${randomBytes(8).toString('hex')}`;
  await owner.db
    .insert(tenants)
    .values({ id: tenantId, slug: `${label}-${tenantId.slice(0, 6)}`, name: 't' });
  await owner.db.insert(connectors).values({
    tenantId,
    id,
    name: 'c',
    settings: { cloud: 'GLOBAL', azureTenantId: randomUUID(), clientId: randomUUID() },
    credentialKind: 'CLIENT_SECRET',
    credentialCiphertext: sealWith.encrypt(secret, { tenantId, recordId: id }),
    credentialHint: secret.slice(-4),
  });
  return { tenantId, id, secret };
}

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
      failed: [],
      remainingOldKey: 0,
    });
    expect(await reEncryptCredentials(owner.db, after)).toEqual({
      examined: 3,
      reEncrypted: 0,
      alreadyCurrent: 3,
      failed: [],
      remainingOldKey: 0,
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

  it('re-encrypts past an undecryptable row, names it, counts what still uses an old key and exits 1', async () => {
    await owner.db.delete(connectors);
    const oldKey = { id: 'old2', key: randomBytes(32) };
    const lostKey = { id: 'lost', key: randomBytes(32) };
    const newKey = { id: 'new2', key: randomBytes(32) };
    const readable = [
      await seedCredential(createSecretBox([oldKey]), 'ok1'),
      await seedCredential(createSecretBox([oldKey]), 'ok2'),
    ];
    // Sealed with a key the operator already removed: no configured key opens it.
    const lost = await seedCredential(createSecretBox([lostKey]), 'lost');
    const env = {
      PATH: process.env.PATH,
      DATABASE_ADMIN_URL: database.adminUrl,
      CALSYNC_ENCRYPTION_KEYS: [newKey, oldKey].map((k) => `${k.id}:${k.key.toString('base64')}`).join(','),
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'packages/core/src/bin/rotate-keys.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('3 credentials examined, 2 re-encrypted with key "new2", 0 already current');
    expect(run.stdout).toContain('1 credentials still use an older key');
    expect(run.stderr).toContain(`could not re-encrypt connector ${lost.id} of tenant ${lost.tenantId}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(lost.secret);

    const onlyNew = createSecretBox([newKey]);
    const rows = await owner.db.select().from(connectors);
    for (const s of readable) {
      const row = rows.find((r) => r.id === s.id)!;
      expect(onlyNew.decrypt(row.credentialCiphertext, { tenantId: s.tenantId, recordId: s.id })).toBe(
        s.secret,
      );
    }

    // Once the unreadable row is dealt with (here: deleted), the rotation reports nothing left.
    await owner.db.delete(connectors).where(eq(connectors.id, lost.id));
    const clean = spawnSync(process.execPath, ['--import', 'tsx', 'packages/core/src/bin/rotate-keys.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(clean.stdout).toContain('0 credentials still use an older key');
    expect(clean.status).toBe(0);
  });
});
