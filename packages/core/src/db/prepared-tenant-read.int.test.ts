import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from './client.ts';
import { readCompiledAsTenant } from './prepared-tenant-read.ts';
import type { TenantReader } from './read-as-tenant.ts';
import { tenants } from './schema.ts';
import { withTenant } from './with-tenant.ts';

let database: TestDatabase;
// One connection: whatever a read leaves on its session, the next statement would see.
let app: DatabaseHandle;
const statements: string[] = [];
const alpha = randomUUID();
const beta = randomUUID();
let builds = 0;

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

/** Slugs of the visible tenants whose id is the `id` placeholder, or all of them. */
const bySlug = (reader: TenantReader, filtered: boolean) => {
  builds++;
  const query = reader.select({ slug: tenants.slug, setting }).from(tenants);
  return filtered ? query.where(eq(tenants.id, sql.placeholder('id'))) : query;
};
const readSlugs = (tenantId: string, values: { id?: string } = {}) =>
  readCompiledAsTenant(
    app.db,
    tenantId,
    values.id === undefined ? 'slugs_all' : 'slugs_by_id',
    (reader) => bySlug(reader, values.id !== undefined),
    values,
  );

describe('readCompiledAsTenant', () => {
  it('compiles each shape once and scopes every run to its own tenant, in one statement', async () => {
    builds = 0;
    statements.length = 0;
    expect(await readSlugs(alpha)).toEqual([{ slug: 'alpha', setting: alpha }]);
    expect(await readSlugs(beta)).toEqual([{ slug: 'beta', setting: beta }]);
    expect(await readSlugs(alpha)).toEqual([{ slug: 'alpha', setting: alpha }]);
    expect(builds).toBe(1);
    expect(statements).toHaveLength(3);
    expect(statements.every((text) => /^select "slug"/.test(text))).toBe(true);
  });

  it('cannot read another tenant even when its placeholder names it', async () => {
    expect(await readSlugs(alpha, { id: beta })).toEqual([]);
    expect(await readSlugs(beta, { id: beta })).toEqual([{ slug: 'beta', setting: beta }]);
  });

  it('keeps concurrent runs of one compiled statement apart and leaves nothing on the connection', async () => {
    const interleaved = await Promise.all(
      Array.from({ length: 20 }, (_, i) => readSlugs(i % 2 === 0 ? alpha : beta)),
    );
    expect(interleaved.map((rows) => rows[0]?.slug)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'alpha' : 'beta')),
    );
    const after = await app.db.execute<{ setting: string | null }>(sql`select ${setting} as setting`);
    expect(after.rows[0]?.setting ?? '').toBe('');
    expect((await app.db.select().from(tenants)).length).toBe(0);
  });

  it('runs as named statements prepared once per connection, each run still scoped past the generic-plan switch', async () => {
    // Postgres may switch a prepared statement to a generic plan after five custom ones: the
    // tenant setting must still be read at execution, never baked into a cached plan.
    for (let i = 0; i < 12; i++) {
      const tenantId = i % 2 === 0 ? alpha : beta;
      expect(await readSlugs(tenantId, { id: tenantId })).toHaveLength(1);
      expect(await readSlugs(tenantId, { id: i % 2 === 0 ? beta : alpha })).toEqual([]);
    }
    const prepared = await app.db.execute<{ name: string }>(
      sql`select name from pg_prepared_statements order by name`,
    );
    expect(prepared.rows.map((r) => r.name)).toEqual(['slugs_all', 'slugs_by_id']);
  });

  it('sends them unnamed when the handle has prepared statements off (PgBouncer before 1.21)', async () => {
    const unprepared = createDatabase(database.appUrl, { max: 1, preparedStatements: false });
    try {
      const rows = await readCompiledAsTenant(unprepared.db, alpha, 'slugs_by_id', (r) => bySlug(r, true), {
        id: alpha,
      });
      expect(rows).toEqual([{ slug: 'alpha', setting: alpha }]);
      const prepared = await unprepared.db.execute(sql`select name from pg_prepared_statements`);
      expect(prepared.rows).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    statements.length = 0;
    await expect(readSlugs("x', true); --")).rejects.toThrow(TypeError);
    expect(statements).toEqual([]);
  });
});
