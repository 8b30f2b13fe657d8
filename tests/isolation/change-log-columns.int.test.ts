// The change log's update trigger compares the columns of `events` one by one (for speed): a
// column added to events without adding it there would make its changes invisible to consumers.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Keys of the join, and bookkeeping a full round rewrites without changing the event. */
const NOT_COMPARED = new Set(['tenant_id', 'id', 'synced_at', 'generation']);

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('change log update trigger', () => {
  it('compares every column of events but the keys, synced_at and generation', async () => {
    const columns = await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'public' and table_name = 'events'`,
    );
    const definition = await client.query<{ body: string }>(
      `select pg_get_functiondef('public.calsync_log_event_updates'::regproc) as body`,
    );
    const body = definition.rows[0]!.body;
    const missing = columns.rows
      .map((c) => c.column_name)
      .filter((name) => !NOT_COMPARED.has(name))
      .filter((name) => !body.includes(`o.${name},`) && !body.includes(`o.${name})`))
      .concat(
        columns.rows
          .map((c) => c.column_name)
          .filter((name) => !NOT_COMPARED.has(name))
          .filter((name) => !body.includes(`n.${name},`) && !body.includes(`n.${name})`)),
      );
    expect(missing).toEqual([]);
    expect(columns.rows.length).toBeGreaterThan(NOT_COMPARED.size);
  });
});
