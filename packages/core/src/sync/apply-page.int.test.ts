// The page write path as rounds exercise it: what is stored, what is skipped (no row version for an
// unchanged event), what the change log records, and what the sweep keeps.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { applyPage } from './apply-page.ts';
import type { SourceEvent } from './source-event.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let app: DatabaseHandle;
let tenant: SeededTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  app = createDatabase(database.appUrl);
  tenant = await seedTenant(admin.db, 'page');
});
afterAll(async () => {
  await app?.close();
  await admin?.close();
  await database?.drop();
});

let cursors = 0;
/** One committed final page of a round against the mailbox's stored cursor. */
async function page(mailboxId: string, upserts: SourceEvent[], sweep = false) {
  const state = await admin.pool.query<{ generation: number; cursor: string | null }>(
    'select generation, cursor from mailboxes where id = $1',
    [mailboxId],
  );
  const { generation, cursor } = state.rows[0]!;
  return applyPage(app.db, {
    tenantId: tenant.tenantId,
    mailboxId,
    expected: { generation, cursor, resumeCursor: null },
    changes: { upserts, removals: [], seriesReplacements: [] },
    end: { kind: 'final', cursor: `c${++cursors}`, sweep },
  });
}

async function newMailbox(): Promise<string> {
  const res = await admin.pool.query<{ id: string }>(
    `insert into mailboxes (tenant_id, connector_id, address) values ($1, $2, $3) returning id`,
    [tenant.tenantId, tenant.connectorId, `room-${randomUUID()}@page.example.com`],
  );
  return res.rows[0]!.id;
}

async function fullRound(mailboxId: string): Promise<void> {
  await admin.pool.query('update mailboxes set generation = generation + 1 where id = $1', [mailboxId]);
}

/** The row version (xmin) of each of a mailbox's events, by source id. */
async function rowVersions(mailboxId: string): Promise<Map<string, string>> {
  const res = await admin.pool.query<{ source_id: string; xmin: string }>(
    'select source_id, xmin::text from events where mailbox_id = $1',
    [mailboxId],
  );
  return new Map(res.rows.map((r) => [r.source_id, r.xmin]));
}

async function loggedChanges(mailboxId: string): Promise<string[]> {
  const res = await admin.pool.query<{ change: string }>(
    `select c.change_type || ' ' || coalesce(e.source_id, '-') as change
       from event_changes c left join events e on e.tenant_id = c.tenant_id and e.id = c.event_id
      where c.mailbox_id = $1 order by c.seq`,
    [mailboxId],
  );
  return res.rows.map((r) => r.change);
}

describe('a page upsert', () => {
  it('stores categories, empty or not, and skips rows whose change key and generation are unchanged', async () => {
    const mailboxId = await newMailbox();
    const tagged = sourceEvent('tagged', 'Tagged', { categories: ['Red', 'Blue "quoted"'] });
    await page(mailboxId, [sourceEvent('plain', 'Plain'), tagged]);
    const stored = await admin.pool.query<{ source_id: string; categories: string[] }>(
      'select source_id, categories from events where mailbox_id = $1 order by source_id',
      [mailboxId],
    );
    expect(stored.rows).toEqual([
      { source_id: 'plain', categories: [] },
      { source_id: 'tagged', categories: ['Red', 'Blue "quoted"'] },
    ]);

    const before = await rowVersions(mailboxId);
    const applied = await page(mailboxId, [sourceEvent('plain', 'Plain'), tagged]);
    expect(applied.upserted).toEqual([]);
    expect(await rowVersions(mailboxId)).toEqual(before); // no row version written
    expect(await loggedChanges(mailboxId)).toEqual(['CREATED plain', 'CREATED tagged']);
  });

  it('a full round rewrites every row once and logs only the row whose content changed', async () => {
    const mailboxId = await newMailbox();
    const rows = Array.from({ length: 50 }, (_, i) => sourceEvent(`e${i}`, `Event ${i}`));
    await page(mailboxId, rows);
    await fullRound(mailboxId);
    // Same change keys everywhere; e7's content differs (a masking switch keeps the key).
    const next = rows.map((r) => (r.sourceId === 'e7' ? { ...r, subject: null } : r));
    const applied = await page(mailboxId, next, true);
    expect(applied.upserted).toHaveLength(50);
    expect(applied.deleted).toEqual([]);
    const changes = await loggedChanges(mailboxId);
    expect(changes.slice(50)).toEqual(['UPDATED e7']);
  });

  it('the sweep keeps series masters stored occurrences refer to, also beside events that have none', async () => {
    const mailboxId = await newMailbox();
    for (const id of ['master-kept', 'master-gone'])
      await admin.pool.query(
        `insert into series_masters (tenant_id, mailbox_id, source_id, data) values ($1, $2, $3, '{}')`,
        [tenant.tenantId, mailboxId, id],
      );
    await fullRound(mailboxId);
    await page(
      mailboxId,
      [
        sourceEvent('single', 'No master'), // series_master_id null: must not keep every master
        sourceEvent('occ-1', 'Weekly', { type: 'OCCURRENCE', seriesMasterId: 'master-kept' }),
      ],
      true,
    );
    const masters = await admin.pool.query<{ source_id: string }>(
      'select source_id from series_masters where mailbox_id = $1',
      [mailboxId],
    );
    expect(masters.rows.map((r) => r.source_id)).toEqual(['master-kept']);
  });
});
