// Tenant scoping through PgBouncer in transaction pooling (docs/scaling.md §Postgres): many
// client connections share ONE server connection, so anything session-level would leak from one
// tenant's request to the next; set_config(…, true) must not.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  createDatabase,
  readAsTenant,
  readCompiledAsTenant,
  tenants,
  withTenant,
  type DatabaseHandle,
} from '@calsync/core';
import { startLocalPgBouncer, type LocalPgBouncer } from '../../scripts/lib/local-pgbouncer.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let bouncer: LocalPgBouncer;
let pooled: DatabaseHandle;
const alpha = randomUUID();
const beta = randomUUID();
const setting = sql<string | null>`current_setting('app.tenant_id', true)`;

beforeAll(async () => {
  database = await createTestDatabase();
  const app = new URL(database.appUrl);
  bouncer = await startLocalPgBouncer(
    {
      host: app.hostname,
      port: Number(app.port),
      database: app.pathname.slice(1),
      user: decodeURIComponent(app.username),
      password: decodeURIComponent(app.password),
    },
    1,
  );
  // Eight client connections, one server connection behind them. PgBouncer before 1.21 cannot keep
  // named statements in transaction pooling: CALSYNC_DB_PREPARED_STATEMENTS=false.
  pooled = createDatabase(bouncer.url, { max: 8, preparedStatements: false });
  for (const [id, slug] of [
    [alpha, 'alpha'],
    [beta, 'beta'],
  ] as const) {
    await withTenant(pooled.db, id, (tx) => tx.insert(tenants).values({ id, slug, name: slug }));
  }
});

afterAll(async () => {
  await pooled?.close();
  await bouncer?.stop();
  await database?.drop();
});

const tenantOf = (i: number) => (i % 2 === 0 ? alpha : beta);
const slugOf = (i: number) => (i % 2 === 0 ? 'alpha' : 'beta');

describe('tenant scoping through PgBouncer (transaction pooling, one server connection)', () => {
  it('really shares the server connection: a session-level setting leaks to the next client', async () => {
    const first = new pg.Client({ connectionString: bouncer.url });
    const second = new pg.Client({ connectionString: bouncer.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query("select set_config('app.tenant_id', $1, false)", [alpha]);
      const leaked = await second.query<{ slug: string }>('select slug from tenants');
      expect(leaked.rows.map((r) => r.slug)).toEqual(['alpha']);
    } finally {
      await first.query("select set_config('app.tenant_id', '', false)");
      await Promise.all([first.end(), second.end()]);
    }
  });

  it('keeps withTenant and readAsTenant reads of interleaved tenants apart, leaving nothing behind', async () => {
    const reads = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 < 2
          ? readAsTenant(pooled.db, tenantOf(i), (reader) =>
              reader.select({ slug: tenants.slug, setting }).from(tenants),
            )
          : withTenant(pooled.db, tenantOf(i), (tx) =>
              tx.select({ slug: tenants.slug, setting }).from(tenants),
            ),
      ),
    );
    reads.forEach((rows, i) => expect(rows).toEqual([{ slug: slugOf(i), setting: tenantOf(i) }]));
    const after = await pooled.db.select({ slug: tenants.slug }).from(tenants);
    expect(after).toEqual([]);
  });

  it('keeps compiled reads (prepared statements off) of interleaved tenants apart', async () => {
    const reads = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        readCompiledAsTenant(
          pooled.db,
          tenantOf(i),
          'bouncer_slug_by_id',
          (reader) =>
            reader
              .select({ slug: tenants.slug, setting })
              .from(tenants)
              .where(eq(tenants.id, sql.placeholder('id'))),
          { id: tenantOf(i) },
        ),
      ),
    );
    reads.forEach((rows, i) => expect(rows).toEqual([{ slug: slugOf(i), setting: tenantOf(i) }]));
  });
});
