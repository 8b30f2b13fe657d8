import { randomUUID } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeys,
  connectors,
  createDatabase,
  events,
  findApiKeyByPrefix,
  findSubscriptionOwner,
  listAllTenants,
  listEnabledConnectors,
  tenants,
  touchApiKeys,
  withTenant,
  type DatabaseHandle,
} from '@calsync/core';
import { seedTenant, type SeededTenant } from '../support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Every tenant-owned table, with the column that identifies one of its rows.
const tenantTables = [
  { table: 'api_keys', key: 'id', pick: (s: SeededTenant) => s.apiKeyId },
  { table: 'connectors', key: 'id', pick: (s: SeededTenant) => s.connectorId },
  { table: 'mailboxes', key: 'id', pick: (s: SeededTenant) => s.mailboxId },
  { table: 'series_masters', key: 'source_id', pick: (s: SeededTenant) => s.seriesMasterSourceId },
  { table: 'events', key: 'id', pick: (s: SeededTenant) => s.eventId },
  { table: 'sync_runs', key: 'id', pick: (s: SeededTenant) => s.syncRunId },
  // The seeded event's creation, logged by the change-log trigger, and the tenant's log head.
  { table: 'event_changes', key: 'event_id', pick: (s: SeededTenant) => s.eventId },
  { table: 'event_change_heads', key: 'tenant_id', pick: (s: SeededTenant) => s.tenantId },
  { table: 'graph_subscriptions', key: 'subscription_id', pick: (s: SeededTenant) => s.graphSubscriptionId },
  { table: 'room_details', key: 'mailbox_id', pick: (s: SeededTenant) => s.mailboxId },
  { table: 'room_lists', key: 'address', pick: (s: SeededTenant) => s.roomListAddress },
  { table: 'webhook_endpoints', key: 'id', pick: (s: SeededTenant) => s.webhookEndpointId },
  { table: 'webhook_deliveries', key: 'id', pick: (s: SeededTenant) => s.webhookDeliveryId },
] as const;

// A valid row of each table for tenant `s`: inserting it is refused only by RLS.
function insertFor(table: (typeof tenantTables)[number]['table'], s: SeededTenant): SQL {
  const t = s.tenantId;
  switch (table) {
    case 'api_keys':
      return sql`insert into api_keys (tenant_id, name, role, prefix, secret_hash) values (${t}, 'x', 'ADMIN', ${`csk_${randomUUID().slice(0, 8)}`}, 'h')`;
    case 'connectors':
      return sql`insert into connectors (tenant_id, name, settings, credential_kind, credential_ciphertext, credential_hint)
        values (${t}, 'x', '{"cloud":"GLOBAL","azureTenantId":"a","clientId":"b"}', 'CLIENT_SECRET', 'c', 'd')`;
    case 'mailboxes':
      return sql`insert into mailboxes (tenant_id, connector_id, address) values (${t}, ${s.connectorId}, ${`${randomUUID()}@x.test`})`;
    case 'series_masters':
      return sql`insert into series_masters (tenant_id, mailbox_id, source_id, data) values (${t}, ${s.mailboxId}, ${randomUUID()}, '{}')`;
    case 'events':
      return sql`insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at)
        values (${t}, ${s.mailboxId}, ${randomUUID()}, 'SINGLE_INSTANCE', now(), now())`;
    case 'sync_runs':
      return sql`insert into sync_runs (tenant_id, connector_id, mailbox_id, kind, trigger) values (${t}, ${s.connectorId}, ${s.mailboxId}, 'DELTA', 'MANUAL')`;
    case 'event_changes':
      return sql`insert into event_changes (tenant_id, seq, event_id, mailbox_id, change_type, committed_at)
        values (${t}, 1000000, ${randomUUID()}, ${s.mailboxId}, 'CREATED', now())`;
    case 'event_change_heads':
      return sql`insert into event_change_heads (tenant_id) values (${t})`;
    case 'graph_subscriptions':
      return sql`insert into graph_subscriptions (tenant_id, mailbox_id, connector_id, status) values (${t}, ${s.mailboxId}, ${s.connectorId}, 'FAILED')`;
    case 'room_details':
      return sql`insert into room_details (tenant_id, mailbox_id) values (${t}, ${s.mailboxId})`;
    case 'room_lists':
      return sql`insert into room_lists (tenant_id, connector_id, address) values (${t}, ${s.connectorId}, ${`${randomUUID()}@x.test`})`;
    case 'webhook_endpoints':
      return sql`insert into webhook_endpoints (tenant_id, url, secret_ciphertext, delivered_through) values (${t}, 'https://x.test/', 's', 0)`;
    case 'webhook_deliveries':
      return sql`insert into webhook_deliveries (tenant_id, endpoint_id, after_seq, through_seq, change_count, attempt, duration_ms)
        values (${t}, ${s.webhookEndpointId}, 0, 1, 1, 1, 1)`;
  }
}

function errorText(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  return `${e.message ?? ''} ${e.cause?.message ?? ''}`;
}

let database: TestDatabase;
let admin: DatabaseHandle;
let app: DatabaseHandle;
let a: SeededTenant;
let b: SeededTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl, { max: 2 });
  // One connection: proves the tenant setting never outlives its transaction on a pooled connection.
  app = createDatabase(database.appUrl, { max: 1 });
  a = await seedTenant(admin.db, 'alpha');
  b = await seedTenant(admin.db, 'bravo');
});

afterAll(async () => {
  await app?.close();
  await admin?.close();
  await database?.drop();
});

async function countAsOwner(table: string, key: string, value: string): Promise<number> {
  const result = await admin.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(key)} = ${value}`,
  );
  return result.rows[0]!.n;
}

describe('row-level security for the app role', () => {
  it('sees zero rows in every table when no tenant is set', async () => {
    for (const table of ['tenants', ...tenantTables.map((t) => t.table)]) {
      const result = await app.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)}`,
      );
      expect(result.rows[0]!.n, table).toBe(0);
    }
    expect(await app.db.select().from(events)).toEqual([]);
  });

  it('shows a tenant only its own rows in every table, and only inside withTenant', async () => {
    for (const { table } of tenantTables) {
      const rows = await withTenant(app.db, a.tenantId, (tx) =>
        tx.execute<{ tenant_id: string }>(sql`select tenant_id from ${sql.identifier(table)}`),
      );
      expect(
        rows.rows.map((r) => r.tenant_id),
        table,
      ).toEqual([a.tenantId]);
    }
    const visibleTenants = await withTenant(app.db, a.tenantId, (tx) => tx.select().from(tenants));
    expect(visibleTenants.map((t) => t.slug)).toEqual(['alpha']);
    const eventsOfB = await withTenant(app.db, b.tenantId, (tx) => tx.select().from(events));
    expect(eventsOfB.map((e) => e.subject)).toEqual(['Planning bravo']);
    // Same (single) pooled connection, outside the transaction: nothing again.
    expect(await app.db.select().from(connectors)).toEqual([]);
  });

  it("never lets tenant A update or delete tenant B's rows", async () => {
    for (const { table, key, pick } of tenantTables) {
      const target = pick(b);
      const updated = await withTenant(app.db, a.tenantId, (tx) =>
        tx.execute(
          sql`update ${sql.identifier(table)} set tenant_id = tenant_id where ${sql.identifier(key)} = ${target}`,
        ),
      );
      const deleted = await withTenant(app.db, a.tenantId, (tx) =>
        tx.execute(sql`delete from ${sql.identifier(table)} where ${sql.identifier(key)} = ${target}`),
      );
      expect([updated.rowCount, deleted.rowCount], table).toEqual([0, 0]);
      expect(await countAsOwner(table, key, target), table).toBe(1);
    }
    const renamed = await withTenant(app.db, a.tenantId, (tx) =>
      tx.update(tenants).set({ name: 'hijacked' }).where(eq(tenants.id, b.tenantId)).returning(),
    );
    expect(renamed).toEqual([]);
  });

  it('refuses rows written for another tenant inside withTenant(A)', async () => {
    for (const { table } of tenantTables) {
      const attempt = withTenant(app.db, a.tenantId, (tx) => tx.execute(insertFor(table, b)));
      await expect(attempt, table).rejects.toSatisfy((e) => /row-level security/.test(errorText(e)));
    }
    const moveKey = withTenant(app.db, a.tenantId, (tx) =>
      tx.update(apiKeys).set({ tenantId: b.tenantId }).where(eq(apiKeys.id, a.apiKeyId)),
    );
    await expect(moveKey).rejects.toSatisfy((e) => /row-level security/.test(errorText(e)));
    const foreignTenant = withTenant(app.db, a.tenantId, (tx) =>
      tx.insert(tenants).values({ id: randomUUID(), slug: 'intruder', name: 'Intruder' }),
    );
    await expect(foreignTenant).rejects.toSatisfy((e) => /row-level security/.test(errorText(e)));
  });

  it('lets a tenant create itself inside withTenant(newId)', async () => {
    const id = randomUUID();
    await withTenant(app.db, id, (tx) => tx.insert(tenants).values({ id, slug: 'charlie', name: 'Charlie' }));
    expect(await countAsOwner('tenants', 'id', id)).toBe(1);
  });

  it('sets the tenant with a transaction-local set_config before the work, and refuses a non-UUID tenant', async () => {
    const statements: string[] = [];
    const counted = createDatabase(database.appUrl, { max: 1, onQuery: (text) => statements.push(text) });
    try {
      await withTenant(counted.db, a.tenantId, (tx) => tx.select().from(events));
    } finally {
      await counted.close();
    }
    expect(statements.map((text) => text.split(/\s+/).slice(0, 2).join(' ').toLowerCase())).toEqual([
      'begin',
      "select set_config('app.tenant_id',",
      'select "tenant_id",',
      'commit',
    ]);
    expect(statements[1]).toMatch(/, true\)$/);
    await expect(withTenant(app.db, 'not-a-uuid', () => Promise.resolve(1))).rejects.toThrow(TypeError);
  });

  it('cannot switch RLS off as the app role', async () => {
    const attempt = app.db.execute(sql`alter table events disable row level security`);
    await expect(attempt).rejects.toSatisfy((e) => /must be owner/.test(errorText(e)));
  });
});

describe('catalog', () => {
  it('forces RLS with a tenant policy on every table that has tenant_id', async () => {
    const result = await admin.db.execute<{
      table: string;
      enabled: boolean;
      forced: boolean;
      policies: number;
    }>(sql`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p
               where p.schemaname = n.nspname and p.tablename = c.relname
                 and p.qual like '%app.tenant_id%' and p.with_check like '%app.tenant_id%') as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute att on att.attrelid = c.oid and att.attname = 'tenant_id' and not att.attisdropped
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
      order by c.relname`);
    expect(result.rows.map((r) => r.table)).toEqual([...tenantTables.map((t) => t.table)].sort());
    for (const row of result.rows)
      expect(row, row.table).toMatchObject({ enabled: true, forced: true, policies: 1 });
  });

  it('gives the app role no superuser, no BYPASSRLS and no ownership', async () => {
    const role = await admin.db.execute<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(sql`
      select r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_class c where c.relowner = r.oid)
             + (select count(*)::int from pg_proc p where p.proowner = r.oid)
             + (select count(*)::int from pg_namespace s where s.nspowner = r.oid) as owned
      from pg_roles r where r.rolname = 'calsync_app'`);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
  });
});

describe('security-definer functions, called as the app role without a tenant', () => {
  it('finds an API key by prefix with its tenant, role and hash', async () => {
    const key = await findApiKeyByPrefix(app.db, b.apiKeyPrefix);
    expect(key).toMatchObject({
      id: b.apiKeyId,
      tenantId: b.tenantId,
      role: 'ADMIN',
      secretHash: 'a'.repeat(64),
      revokedAt: null,
    });
    expect(await findApiKeyByPrefix(app.db, 'csk_missing')).toBeNull();
  });

  it('touches last_used_at of keys of several tenants, never backwards', async () => {
    const at = new Date('2026-11-28T12:00:00Z');
    expect(await touchApiKeys(app.db, [a.apiKeyId, b.apiKeyId], at)).toBe(2);
    expect(await touchApiKeys(app.db, [a.apiKeyId], new Date('2026-11-27T00:00:00Z'))).toBe(0);
    const rows = await admin.db
      .select({ lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, a.apiKeyId));
    expect(rows[0]!.lastUsedAt?.toISOString()).toBe(at.toISOString());
  });

  it('lists every tenant page by page for the platform admin', async () => {
    const all = await listAllTenants(app.db, 100, null);
    expect(all.map((t) => t.slug)).toEqual(expect.arrayContaining(['alpha', 'bravo']));
    const first = await listAllTenants(app.db, 1, null);
    const second = await listAllTenants(app.db, 1, first[0]!.id);
    expect(first).toHaveLength(1);
    expect(second[0]!.id > first[0]!.id).toBe(true);
  });

  it("finds an active Graph subscription of any tenant by Microsoft's id, and nothing else", async () => {
    expect(await findSubscriptionOwner(app.db, b.graphSubscriptionId)).toEqual({
      tenantId: b.tenantId,
      mailboxId: b.mailboxId,
      connectorId: b.connectorId,
      clientStateHash: 'c'.repeat(64),
    });
    expect(await findSubscriptionOwner(app.db, 'not-a-subscription')).toBeNull();
  });

  it('lists enabled connectors of every tenant for the scheduler', async () => {
    const before = await listEnabledConnectors(app.db);
    expect(before.map((c) => c.connectorId)).toEqual(expect.arrayContaining([a.connectorId, b.connectorId]));
    await withTenant(app.db, a.tenantId, (tx) =>
      tx.update(connectors).set({ enabled: false }).where(eq(connectors.id, a.connectorId)),
    );
    const after = await listEnabledConnectors(app.db);
    expect(after.map((c) => c.connectorId)).not.toContain(a.connectorId);
    expect(after.find((c) => c.connectorId === b.connectorId)).toEqual({
      tenantId: b.tenantId,
      connectorId: b.connectorId,
      syncIntervalSeconds: 900,
      enabled: true,
    });
  });
});
