// A mailbox's first full round skips its sweep (nothing older can be stored), unless the round
// itself deleted something: a series master cached on an earlier page may then have lost every
// occurrence, and only the sweep drops it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import type { Core } from '../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { readerSourceOf } from '../db/read-as-tenant.ts';
import { createProviderRegistry, type CalendarProvider } from '../providers/registry.ts';
import type { SourcePage, SyncSession } from '../providers/sync-source.ts';
import { createMailboxSyncer } from './create-mailbox-syncer.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
/** Sweep statements the engine sent. */
let sweeps = 0;

const MASTER = 'series-S';
const occurrence = (n: number) =>
  sourceEvent(`${MASTER}-occ-${n}`, 'Weekly', {
    type: 'OCCURRENCE',
    seriesMasterId: MASTER,
    startAt: new Date(Date.UTC(2026, 11, 7 + 7 * n, 9)),
    endAt: new Date(Date.UTC(2026, 11, 7 + 7 * n, 10)),
  });

/**
 * Two pages: the first brings a series' occurrences and (like Graph) caches its master once the page
 * has committed; the second, when `cancelSeries`, removes the series.
 */
function session(cancelSeries: boolean): SyncSession {
  const pages: Record<string, SourcePage> = {
    'full:0': {
      changes: [occurrence(1), occurrence(2), sourceEvent('single-1', 'Lunch')].map((row) => ({
        kind: 'upsert' as const,
        row,
      })),
      itemIds: [`${MASTER}-occ-1`, `${MASTER}-occ-2`, 'single-1'],
      next: { kind: 'more', cursor: 'full:1' },
      committed: async () => {
        await admin.pool.query(
          `insert into series_masters (tenant_id, mailbox_id, source_id, change_key, data, fetched_at)
           values ($1, $2, $3, 'ck', '{}'::jsonb, now())`,
          [seeded.tenantId, seeded.mailboxId, MASTER],
        );
      },
    },
    'full:1': {
      changes: cancelSeries ? [{ kind: 'remove', sourceId: MASTER }] : [],
      itemIds: cancelSeries ? [MASTER] : [],
      next: { kind: 'done', cursor: 'delta:1' },
    },
  };
  return {
    acceptsCursor: () => true,
    fullRoundCursor: () => 'full:0',
    fetchPage: (cursor) => Promise.resolve(pages[cursor]!),
  };
}

const sync = (cancelSeries: boolean) => {
  const fake: Pick<CalendarProvider, 'kind' | 'classify' | 'sync'> = {
    kind: 'MICROSOFT_GRAPH',
    classify: (error) => ({ kind: 'unknown', code: 'Fake', message: String(error) }),
    sync: {
      classify: (error) => ({ kind: 'unknown', code: 'Fake', message: String(error) }),
      openSession: () => Promise.resolve(session(cancelSeries)),
    },
  };
  return createMailboxSyncer(
    {
      ...core,
      providers: createProviderRegistry({
        MICROSOFT_GRAPH: { ...core.providers.for('MICROSOFT_GRAPH'), ...fake },
        EXCHANGE_ONPREM: core.providers.for('EXCHANGE_ONPREM'),
      }),
    },
    { pageSize: 3 },
  )({ tenantId: seeded.tenantId, mailboxId: seeded.mailboxId, mode: 'FULL', trigger: 'MANUAL' });
};

/** Leaves the seeded mailbox as a never-synced one: nothing stored, no round ever begun. */
async function neverSynced(): Promise<void> {
  await admin.pool.query('delete from events where mailbox_id = $1', [seeded.mailboxId]);
  await admin.pool.query('delete from series_masters where mailbox_id = $1', [seeded.mailboxId]);
  await admin.pool.query('update mailboxes set generation = 0, cursor = null where id = $1', [
    seeded.mailboxId,
  ]);
}

async function stored(): Promise<{ events: string[]; masters: string[] }> {
  const events = await admin.pool.query<{ source_id: string }>(
    'select source_id from events where mailbox_id = $1 order by source_id',
    [seeded.mailboxId],
  );
  const masters = await admin.pool.query<{ source_id: string }>(
    'select source_id from series_masters where mailbox_id = $1 order by source_id',
    [seeded.mailboxId],
  );
  return { events: events.rows.map((r) => r.source_id), masters: masters.rows.map((r) => r.source_id) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  // Counts the sweep statements the engine's pool sends (each statement is parsed on the wire).
  const watched = new WeakSet<object>();
  readerSourceOf(core.db).pool.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    const { connection } = client as pg.PoolClient & {
      connection: pg.Connection & { parse(message: { text: string }): void };
    };
    const parse = connection.parse.bind(connection);
    connection.parse = (message) => {
      if (/with swept_masters as/.test(message.text)) sweeps += 1;
      parse(message);
    };
  });
  seeded = await seedTenant(admin.db, 'firstround');
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
});

describe("a mailbox's first full round", () => {
  it('skips the sweep when nothing was stored before it and it deleted nothing', async () => {
    await neverSynced();
    sweeps = 0;
    expect(await sync(false)).toMatchObject({ status: 'succeeded', kind: 'FULL', stats: { pages: 2 } });
    expect(sweeps).toBe(0);
    expect(await stored()).toEqual({
      events: [`${MASTER}-occ-1`, `${MASTER}-occ-2`, 'single-1'],
      masters: [MASTER],
    });
  });

  it('still sweeps when it deleted something: the cancelled series leaves no cached master behind', async () => {
    await neverSynced();
    sweeps = 0;
    expect(await sync(true)).toMatchObject({ status: 'succeeded', kind: 'FULL', stats: { deleted: 2 } });
    expect(sweeps).toBe(1);
    expect(await stored()).toEqual({ events: ['single-1'], masters: [] });
  });

  it('sweeps a later full round as always (rows were stored before it)', async () => {
    sweeps = 0;
    expect(await sync(false)).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect(sweeps).toBe(1);
  });
});
