// events (tenant_id, mailbox_id) → mailboxes (tenant_id, id) is kept by triggers, not a foreign key
// (migrations/0013_event_mailbox_triggers.sql; docs/scaling.md, "Ingest cost per event"): each case
// here is what the key did — refuse, cascade, wait for a concurrent writer — checked as the app role.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '@calsync/core';
import { seedTenant, type SeededTenant } from '../support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let owner: pg.Client;
const appClients: pg.Client[] = [];
let a: SeededTenant;
let b: SeededTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl, { max: 1 });
  owner = new pg.Client({ connectionString: database.adminUrl });
  await owner.connect();
});
afterAll(async () => {
  await Promise.all(appClients.map((c) => c.end()));
  await owner?.end();
  await admin?.close();
  await database?.drop();
});
beforeEach(async () => {
  a = await seedTenant(admin.db, `a-${randomUUID().slice(0, 8)}`);
  b = await seedTenant(admin.db, `b-${randomUUID().slice(0, 8)}`);
});

/** A calsync_app connection with a transaction open for `tenantId` (RLS applies, as in the apps). */
async function appTransaction(tenantId: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.appUrl });
  await client.connect();
  appClients.push(client);
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
  return client;
}

const insertEvents = (client: pg.Client, tenantId: string, mailboxIds: string[]): Promise<pg.QueryResult> =>
  client.query(
    `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at)
     select $1, m, 'src-' || gen_random_uuid(), 'SINGLE_INSTANCE', now(), now() + interval '1 hour'
     from unnest($2::uuid[]) m`,
    [tenantId, mailboxIds],
  );

async function addMailbox(tenant: SeededTenant): Promise<string> {
  const result = await owner.query<{ id: string }>(
    'insert into mailboxes (tenant_id, connector_id, address) values ($1, $2, $3) returning id',
    [tenant.tenantId, tenant.connectorId, `${randomUUID()}@x.test`],
  );
  return result.rows[0]!.id;
}

async function eventCount(mailboxId: string): Promise<number> {
  const result = await owner.query<{ n: number }>(
    'select count(*)::int n from events where mailbox_id = $1',
    [mailboxId],
  );
  return result.rows[0]!.n;
}

async function catchPgError(
  promise: Promise<unknown>,
): Promise<{ code?: string; constraint?: string; detail?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; constraint?: string; detail?: string };
  }
  throw new Error('expected the statement to fail');
}

describe('events → mailboxes', () => {
  it('refuses events of a mailbox that does not exist, naming the key, and keeps none of the statement', async () => {
    const tx = await appTransaction(a.tenantId);
    const missing = randomUUID();
    const error = await catchPgError(insertEvents(tx, a.tenantId, [a.mailboxId, a.mailboxId, missing]));
    expect(error.code).toBe('23503');
    expect(error.constraint).toBe('events_mailbox_exists');
    expect(error.detail).toBe(
      `Key (tenant_id, mailbox_id)=(${a.tenantId}, ${missing}) is not present in table "mailboxes".`,
    );
    await tx.query('rollback');
    expect(await eventCount(a.mailboxId)).toBe(1); // the seeded one
  });

  it("refuses another tenant's mailbox, even through the owner (past RLS)", async () => {
    const error = await catchPgError(insertEvents(owner, a.tenantId, [b.mailboxId]));
    expect(error.code).toBe('23503');
    expect(await eventCount(b.mailboxId)).toBe(1);
  });

  it('accepts events of existing mailboxes, and an upsert that updates them', async () => {
    const tx = await appTransaction(a.tenantId);
    await insertEvents(tx, a.tenantId, [a.mailboxId, a.mailboxId]);
    await tx.query(
      `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at)
       select tenant_id, mailbox_id, source_id, type, start_at, end_at + interval '1 minute' from events
       on conflict (tenant_id, mailbox_id, source_id) do update set end_at = excluded.end_at`,
    );
    await tx.query('commit');
    expect(await eventCount(a.mailboxId)).toBe(3);
  });

  it('refuses moving an event to a missing mailbox and allows moving it to an existing one', async () => {
    const second = await addMailbox(a);
    const error = await catchPgError(
      owner.query('update events set mailbox_id = $1 where id = $2', [randomUUID(), a.eventId]),
    );
    expect(error.code).toBe('23503');
    expect(error.constraint).toBe('events_mailbox_exists');
    await owner.query('update events set mailbox_id = $1 where id = $2', [second, a.eventId]);
    expect(await eventCount(second)).toBe(1);
  });

  it("deletes a mailbox's events with it, and only its own", async () => {
    const tx = await appTransaction(a.tenantId);
    await insertEvents(tx, a.tenantId, [a.mailboxId]);
    await tx.query('delete from mailboxes where id = $1', [a.mailboxId]);
    await tx.query('commit');
    expect(await eventCount(a.mailboxId)).toBe(0);
    expect(await eventCount(b.mailboxId)).toBe(1);
  });

  it("deletes a tenant's events with the tenant (tenant → connector → mailbox → events)", async () => {
    await owner.query('delete from tenants where id = $1', [a.tenantId]);
    expect(await eventCount(a.mailboxId)).toBe(0);
    expect(await eventCount(b.mailboxId)).toBe(1);
  });

  it('refuses changing the key of a mailbox that events refer to, and allows it otherwise', async () => {
    // A mailbox nothing else refers to yet (sync runs, series masters and rooms have keys of their own).
    const mailboxId = await addMailbox(a);
    await insertEvents(owner, a.tenantId, [mailboxId]);
    const error = await catchPgError(
      owner.query('update mailboxes set id = $1 where id = $2', [randomUUID(), mailboxId]),
    );
    expect(error.code).toBe('23503');
    expect(error.constraint).toBe('events_mailbox_exists');
    await owner.query('delete from events where mailbox_id = $1', [mailboxId]);
    const moved = randomUUID();
    await owner.query('update mailboxes set id = $1 where id = $2', [moved, mailboxId]);
    const rows = await owner.query('select 1 from mailboxes where id = $1', [moved]);
    expect(rows.rowCount).toBe(1);
  });

  it('empties events when mailboxes are truncated', async () => {
    const scratch = await createTestDatabase();
    const scratchOwner = createDatabase(scratch.adminUrl, { max: 1 });
    try {
      await seedTenant(scratchOwner.db, 'truncated');
      const before = await scratchOwner.pool.query<{ n: number }>('select count(*)::int n from events');
      expect(before.rows[0]!.n).toBe(1);
      await scratchOwner.pool.query('truncate mailboxes cascade');
      const left = await scratchOwner.pool.query<{ n: number }>('select count(*)::int n from events');
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await scratchOwner.close();
      await scratch.drop();
    }
  });
});

describe('events → mailboxes with concurrent writers', () => {
  it('a mailbox delete waits for a writer of its events, then takes them too', async () => {
    const writer = await appTransaction(a.tenantId);
    await insertEvents(writer, a.tenantId, [a.mailboxId, a.mailboxId]);
    const remover = await appTransaction(a.tenantId);
    let removed = false;
    const removal = remover.query('delete from mailboxes where id = $1', [a.mailboxId]).then(() => {
      removed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(removed).toBe(false); // blocked on the writer's lock of the mailbox row
    await writer.query('commit');
    await removal;
    await remover.query('commit');
    expect(await eventCount(a.mailboxId)).toBe(0);
  });

  it('a writer waits for a pending mailbox delete, then fails instead of leaving orphans', async () => {
    const remover = await appTransaction(a.tenantId);
    await remover.query('delete from mailboxes where id = $1', [a.mailboxId]);
    const writer = await appTransaction(a.tenantId);
    const write = catchPgError(insertEvents(writer, a.tenantId, [a.mailboxId]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await remover.query('commit');
    expect((await write).code).toBe('23503');
    await writer.query('rollback');
    expect(await eventCount(a.mailboxId)).toBe(0);
  });
});
