import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from './client.ts';
import { readAsTenant, writeAsTenant } from './read-as-tenant.ts';
import { tenants } from './schema.ts';
import { withTenant } from './with-tenant.ts';

let database: TestDatabase;
// One connection: whatever a read leaves on its session, the next statement would see.
let app: DatabaseHandle;
const statements: string[] = [];
const alpha = randomUUID();
const beta = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  app = createDatabase(database.appUrl, { max: 1, onQuery: (text) => statements.push(text) });
  for (const [id, slug] of [
    [alpha, 'alpha'],
    [beta, 'beta'],
  ] as const) {
    await withTenant(app.db, id, (tx) => tx.insert(tenants).values({ id, slug, name: slug }));
  }
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const setting = sql<string | null>`current_setting('app.tenant_id', true)`;

describe('readAsTenant', () => {
  it('sees only its own tenant, in one statement with no BEGIN/set_config/COMMIT of its own', async () => {
    statements.length = 0;
    const rows = await readAsTenant(app.db, alpha, (reader) =>
      reader.select({ slug: tenants.slug, setting }).from(tenants),
    );
    expect(rows).toEqual([{ slug: 'alpha', setting: alpha }]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^select "slug"/);
  });

  it('cannot read another tenant even when asking for it by id', async () => {
    const rows = await readAsTenant(app.db, alpha, (reader) =>
      reader
        .select()
        .from(tenants)
        .where(sql`${tenants.id} = ${beta}`),
    );
    expect(rows).toEqual([]);
  });

  it('leaves nothing on the pooled connection: the next statement runs unscoped', async () => {
    await readAsTenant(app.db, beta, (reader) => reader.select().from(tenants));
    const after = await app.db.execute<{ setting: string | null }>(sql`select ${setting} as setting`);
    expect(after.rows[0]?.setting ?? '').toBe('');
    expect((await app.db.select().from(tenants)).length).toBe(0);
  });

  it('scopes each statement of a callback, for many reads in a row on one connection', async () => {
    const slugs = await readAsTenant(app.db, beta, async (reader) => {
      const first = await reader.select({ slug: tenants.slug }).from(tenants);
      const second = await reader.select({ slug: tenants.slug }).from(tenants);
      return [...first, ...second].map((r) => r.slug);
    });
    expect(slugs).toEqual(['beta', 'beta']);
    const interleaved = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        readAsTenant(app.db, i % 2 === 0 ? alpha : beta, (reader) =>
          reader.select({ slug: tenants.slug }).from(tenants),
        ),
      ),
    );
    expect(interleaved.map((rows) => rows[0]?.slug)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'alpha' : 'beta')),
    );
  });

  it('rejects a failing statement and keeps the pool usable and unscoped', async () => {
    const failing = readAsTenant(app.db, alpha, (reader) =>
      reader.select({ n: sql<number>`1 / 0` }).from(tenants),
    );
    // drizzle wraps the driver's error; Postgres' own message is its cause.
    await expect(failing).rejects.toSatisfy((e) => /division by zero/.test(String((e as Error).cause)));
    const again = await readAsTenant(app.db, alpha, (reader) => reader.select().from(tenants));
    expect(again.map((t) => t.slug)).toEqual(['alpha']);
    const after = await app.db.execute<{ setting: string | null }>(sql`select ${setting} as setting`);
    expect(after.rows[0]?.setting ?? '').toBe('');
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    await expect(readAsTenant(app.db, "x', true); --", () => Promise.resolve(1))).rejects.toThrow(TypeError);
  });
});

describe('writeAsTenant', () => {
  it('writes its own tenant in one statement, with no BEGIN/set_config/COMMIT of its own', async () => {
    statements.length = 0;
    const rows = await writeAsTenant(app.db, alpha, (statements) =>
      statements
        .update(tenants)
        .set({ name: 'Alpha renamed' })
        .where(sql`${tenants.slug} in ('alpha', 'beta')`)
        .returning({ slug: tenants.slug }),
    );
    // beta's row is not even visible to alpha's statement.
    expect(rows).toEqual([{ slug: 'alpha' }]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^update "tenants"/);
    const names = await readAsTenant(app.db, beta, (reader) =>
      reader.select({ name: tenants.name }).from(tenants),
    );
    expect(names).toEqual([{ name: 'beta' }]);
  });

  it("refuses to write another tenant's row (RLS WITH CHECK) and keeps nothing of the statement", async () => {
    const failing = writeAsTenant(app.db, alpha, (statements) =>
      statements.insert(tenants).values({ id: randomUUID(), slug: 'not-alpha', name: 'x' }),
    );
    await expect(failing).rejects.toSatisfy((e) => /row-level security/.test(String((e as Error).cause)));
    const visible = await withTenant(app.db, alpha, (tx) => tx.select({ slug: tenants.slug }).from(tenants));
    expect(visible).toEqual([{ slug: 'alpha' }]);
    const after = await app.db.execute<{ setting: string | null }>(sql`select ${setting} as setting`);
    expect(after.rows[0]?.setting ?? '').toBe('');
  });
});
