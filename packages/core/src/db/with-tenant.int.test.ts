import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from './client.ts';
import { tenants } from './schema.ts';
import { executePrepared, withTenant } from './with-tenant.ts';

let database: TestDatabase;
// One connection: a transaction left open, or a setting left behind, shows in the next statement.
let app: DatabaseHandle;
// Round trips on that connection: Postgres answers each with one ReadyForQuery.
let roundTrips = 0;
const alpha = randomUUID();
const setting = sql<string | null>`current_setting('app.tenant_id', true)`;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createDatabase(database.appUrl, { max: 1 });
  app.pool.on('connect', (client) => {
    (client as pg.PoolClient & { connection: pg.Connection }).connection.on(
      'readyForQuery',
      () => (roundTrips += 1),
    );
  });
  await withTenant(app.db, alpha, (tx) => tx.insert(tenants).values({ id: alpha, slug: 'alpha', name: 'a' }));
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function unscopedSetting(): Promise<string> {
  const after = await app.db.execute<{ setting: string | null }>(sql`select ${setting} as setting`);
  return after.rows[0]?.setting ?? '';
}

describe('withTenant', () => {
  it('sends BEGIN and the tenant setting with the first statement: n statements cost n + 1 round trips', async () => {
    roundTrips = 0;
    const rows = await withTenant(app.db, alpha, (tx) =>
      tx.select({ slug: tenants.slug, setting }).from(tenants),
    );
    expect(rows).toEqual([{ slug: 'alpha', setting: alpha }]);
    expect(roundTrips).toBe(2); // the statement (with BEGIN, set_config), COMMIT

    roundTrips = 0;
    const [first, second] = await withTenant(app.db, alpha, async (tx) => [
      await tx.execute<{ xid: string }>(sql`select txid_current()::text as xid`),
      await tx.execute<{ xid: string; setting: string }>(
        sql`select txid_current()::text as xid, ${setting} as setting`,
      ),
    ]);
    expect(roundTrips).toBe(3);
    // One transaction, scoped to the tenant throughout.
    expect(second.rows[0]).toEqual({ xid: first.rows[0]!.xid, setting: alpha });
    expect(await unscopedSetting()).toBe('');
  });

  it('sends nothing when the callback runs no statement', async () => {
    roundTrips = 0;
    expect(await withTenant(app.db, alpha, () => Promise.resolve('nothing'))).toBe('nothing');
    expect(roundTrips).toBe(0);
  });

  it('rolls back every statement when the callback fails, and leaves the connection unscoped', async () => {
    const id = randomUUID();
    const failing = withTenant(app.db, id, async (tx) => {
      await tx.insert(tenants).values({ id, slug: 'gone', name: 'gone' });
      throw new Error('callback failed');
    });
    await expect(failing).rejects.toThrow('callback failed');
    expect(await withTenant(app.db, id, (tx) => tx.select().from(tenants))).toEqual([]);
    expect(await unscopedSetting()).toBe('');
  });

  it('rolls back a failed first statement: the BEGIN sent with it does not stay open', async () => {
    await expect(withTenant(app.db, alpha, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
    // An aborted transaction left open would refuse this (25P02) and keep the tenant set.
    expect(await unscopedSetting()).toBe('');
    const id = randomUUID();
    await withTenant(app.db, id, (tx) => tx.insert(tenants).values({ id, slug: 'after', name: 'after' }));
    expect(await withTenant(app.db, id, (tx) => tx.select({ slug: tenants.slug }).from(tenants))).toEqual([
      { slug: 'after' },
    ]);
  });
});

describe('executePrepared', () => {
  const beta = randomUUID();
  const slugs = sql`select slug from tenants where slug <> ${'nobody'} order by slug`;
  const preparedNames = async (handle: DatabaseHandle): Promise<string[]> => {
    const rows = await handle.db.execute<{ name: string }>(
      sql`select name from pg_prepared_statements where name like 'probe_%'`,
    );
    return rows.rows.map((r) => r.name);
  };

  it('runs a transaction statement as a named prepared statement, parsed once per connection, still scoped', async () => {
    await withTenant(app.db, beta, (tx) => tx.insert(tenants).values({ id: beta, slug: 'beta', name: 'b' }));
    const parses: string[] = [];
    const client = await app.pool.connect();
    const connection = (
      client as pg.PoolClient & { connection: pg.Connection & { parse(m: { name?: string }): void } }
    ).connection;
    const parse = connection.parse.bind(connection);
    connection.parse = (message) => {
      if (message.name) parses.push(message.name);
      parse(message);
    };
    client.release();
    for (const tenant of [alpha, beta, alpha]) {
      const rows = await withTenant(app.db, tenant, async (tx) => {
        await tx.execute(sql`select 1`); // the first statement carries BEGIN and the setting
        return (await executePrepared<{ slug: string }>(tx, 'probe', slugs)).rows;
      });
      expect(rows).toEqual([{ slug: tenant === alpha ? 'alpha' : 'beta' }]);
    }
    expect(parses).toHaveLength(1);
    expect(await preparedNames(app)).toEqual([parses[0]]);
    expect(await unscopedSetting()).toBe('');
  });

  it('as the first statement of a transaction, and with prepared statements off, goes out unnamed', async () => {
    const first = await withTenant(app.db, alpha, (tx) =>
      executePrepared<{ slug: string }>(tx, 'probe', slugs),
    );
    expect(first.rows).toEqual([{ slug: 'alpha' }]);
    const unprepared = createDatabase(database.appUrl, { max: 1, preparedStatements: false });
    try {
      const rows = await withTenant(unprepared.db, beta, async (tx) => {
        await tx.execute(sql`select 1`);
        return (await executePrepared<{ slug: string }>(tx, 'probe', slugs)).rows;
      });
      expect(rows).toEqual([{ slug: 'beta' }]);
      expect(await preparedNames(unprepared)).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });
});
