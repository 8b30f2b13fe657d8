// First syncs of several never-synced mailboxes in one job: one-page rounds commit together, every
// other mailbox goes the ordinary way with the run already opened, and a mailbox begun elsewhere is
// left alone. Real Postgres; the provider is a fake whose pages are chosen per mailbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import type { Core } from '../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { createProviderRegistry, type CalendarProvider } from '../providers/registry.ts';
import type { SourcePage, SyncSession } from '../providers/sync-source.ts';
import { createFirstSyncBatchRunner } from './create-mailbox-syncer.ts';
import { claimFirstRounds } from './first-round-claim.ts';
import type { SyncTarget } from './sync-target.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
/** Mailbox id by its local part (one, empty, long, broken, moved, begun). */
const ids: Record<string, string> = {};
/** Pages read, per mailbox local part and cursor. */
const reads: string[] = [];
/** Further lanes the batch asked for. */
const widened: number[] = [];
/** Mailboxes the batch said it was done with, in order. */
const settled: string[] = [];

const upsert = (sourceId: string, subject: string) => ({
  kind: 'upsert' as const,
  row: sourceEvent(sourceId, subject),
});

const occurrenceOf = (master: string, sourceId: string) => ({
  kind: 'upsert' as const,
  row: sourceEvent(sourceId, 'Weekly', { type: 'OCCURRENCE', seriesMasterId: master }),
});

/** What each mailbox's back end holds. */
function pagesOf(name: string): Record<string, SourcePage> {
  switch (name) {
    case 'one':
      return {
        'full:0': {
          changes: [
            upsert('one-a', 'Standup'),
            upsert('one-b', 'Review'),
            occurrenceOf('master-one', 'one-occ'),
          ],
          itemIds: ['one-a', 'one-b', 'one-occ'],
          next: { kind: 'done', cursor: 'delta:one' },
          seriesMasters: [{ sourceId: 'master-one', changeKey: 'ck-one', data: { id: 'master-one' } }],
        },
      };
    case 'empty':
      return { 'full:0': { changes: [], itemIds: [], next: { kind: 'done', cursor: 'delta:empty' } } };
    case 'long':
      return {
        'full:0': {
          changes: [upsert('long-a', 'First')],
          itemIds: ['long-a'],
          next: { kind: 'more', cursor: 'full:1' },
        },
        'full:1': {
          changes: [upsert('long-b', 'Second'), occurrenceOf('master-long', 'long-occ')],
          itemIds: ['long-b', 'long-occ'],
          next: { kind: 'done', cursor: 'delta:long' },
          seriesMasters: [{ sourceId: 'master-long', changeKey: 'ck-long', data: { id: 'master-long' } }],
        },
      };
    case 'moved':
      return {
        'full:0': {
          changes: [upsert('moved-a', 'Moved')],
          itemIds: ['moved-a'],
          next: { kind: 'done', cursor: 'delta:moved' },
        },
      };
    default:
      return {};
  }
}

function session(target: SyncTarget): SyncSession {
  const name = target.address.split('@')[0] ?? '';
  const pages = pagesOf(name);
  return {
    acceptsCursor: () => true,
    fullRoundCursor: () => 'full:0',
    readMailboxTimeZone: () => Promise.resolve(name === 'one' ? 'Europe/Berlin' : null),
    fetchPage: async (cursor) => {
      reads.push(`${name}:${cursor}`);
      if (name === 'broken') throw new Error('mailbox is gone');
      // Another job restarts this mailbox's round while its first page is read.
      if (name === 'moved' && reads.filter((r) => r === 'moved:full:0').length === 1)
        await admin.pool.query('update mailboxes set generation = generation + 1 where id = $1', [ids.moved]);
      const page = pages[cursor];
      if (!page) throw new Error(`no page ${cursor}`);
      return page;
    },
  };
}

function runBatch(mailboxIds: string[], queuedAt?: Date) {
  const fake: Pick<CalendarProvider, 'kind' | 'classify' | 'sync'> = {
    kind: 'MICROSOFT_GRAPH',
    classify: (error) => ({ kind: 'unknown', code: 'MailboxGone', message: String(error) }),
    sync: {
      classify: (error) => ({ kind: 'unknown', code: 'MailboxGone', message: String(error) }),
      openSession: (target) => Promise.resolve(session(target)),
    },
  };
  return createFirstSyncBatchRunner({
    ...core,
    providers: createProviderRegistry({
      MICROSOFT_GRAPH: { ...core.providers.for('MICROSOFT_GRAPH'), ...fake },
      EXCHANGE_ONPREM: core.providers.for('EXCHANGE_ONPREM'),
    }),
  })({
    tenantId: seeded.tenantId,
    connectorId: seeded.connectorId,
    mailboxIds,
    trigger: 'SCHEDULE',
    queuedAt,
    onSettled: (settledIds) => {
      settled.push(...settledIds);
      return Promise.resolve();
    },
    widen: (more) => {
      widened.push(more);
      return Promise.resolve(more);
    },
  });
}

async function mailboxRow(name: string) {
  const res = await admin.pool.query<{
    sync_status: string;
    cursor: string | null;
    generation: number;
    settings_time_zone: string | null;
    last_error_code: string | null;
  }>(
    'select sync_status, cursor, generation, settings_time_zone, last_error_code from mailboxes where id = $1',
    [ids[name]],
  );
  return res.rows[0];
}

async function eventsOf(name: string): Promise<string[]> {
  const res = await admin.pool.query<{ source_id: string }>(
    'select source_id from events where mailbox_id = $1 order by source_id',
    [ids[name]],
  );
  return res.rows.map((r) => r.source_id);
}

async function runsOf(name: string) {
  const res = await admin.pool.query<{ status: string; kind: string; pages: number; upserted: number }>(
    'select status, kind, pages, upserted from sync_runs where mailbox_id = $1 order by started_at',
    [ids[name]],
  );
  return res.rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  seeded = await seedTenant(admin.db, 'firstbatch');
  for (const name of ['one', 'empty', 'long', 'broken', 'moved', 'begun']) {
    const res = await admin.pool.query<{ id: string }>(
      `insert into mailboxes (tenant_id, connector_id, address, kind) values ($1, $2, $3, 'ROOM') returning id`,
      [seeded.tenantId, seeded.connectorId, `${name}@firstbatch.example.com`],
    );
    ids[name] = res.rows[0]!.id;
  }
  // Begun by another job: a round is under way, so the batch must not claim it.
  await admin.pool.query(`update mailboxes set generation = 1, resume_kind = 'FULL' where id = $1`, [
    ids.begun,
  ]);
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
});

describe('a batch of first syncs', () => {
  it('commits one-page rounds together and takes every other mailbox the ordinary way', async () => {
    const outcomes = await runBatch(Object.values(ids));
    const byName = Object.fromEntries(
      Object.entries(ids).map(([name, id]) => [name, outcomes.find((o) => o.mailboxId === id)?.result]),
    );
    expect(byName.one).toMatchObject({ status: 'succeeded', kind: 'FULL', stats: { pages: 1, upserted: 3 } });
    expect(byName.empty).toMatchObject({ status: 'succeeded', stats: { pages: 1, upserted: 0 } });
    expect(byName.long).toMatchObject({ status: 'succeeded', stats: { pages: 2, upserted: 3 } });
    expect(byName.moved).toMatchObject({ status: 'succeeded', stats: { upserted: 1 } });
    expect(byName.broken).toMatchObject({ status: 'failed', failure: { code: 'MailboxGone' } });
    expect(byName.begun).toBeUndefined();

    expect(await eventsOf('one')).toEqual(['one-a', 'one-b', 'one-occ']);
    expect(await eventsOf('long')).toEqual(['long-a', 'long-b', 'long-occ']);
    // Delivered series masters are cached with their page, batched or not.
    const masters = await admin.pool.query<{ source_id: string; change_key: string }>(
      'select source_id, change_key from series_masters where tenant_id = $1 order by source_id',
      [seeded.tenantId],
    );
    expect(masters.rows.filter((r) => r.source_id.startsWith('master-'))).toEqual([
      { source_id: 'master-long', change_key: 'ck-long' },
      { source_id: 'master-one', change_key: 'ck-one' },
    ]);
    expect(await eventsOf('moved')).toEqual(['moved-a']);
    expect(await mailboxRow('one')).toMatchObject({
      sync_status: 'OK',
      cursor: 'delta:one',
      generation: 1,
      settings_time_zone: 'Europe/Berlin',
    });
    expect(await mailboxRow('empty')).toMatchObject({ sync_status: 'OK', cursor: 'delta:empty' });
    expect(await mailboxRow('long')).toMatchObject({ sync_status: 'OK', cursor: 'delta:long' });
    expect(await mailboxRow('moved')).toMatchObject({ sync_status: 'OK', cursor: 'delta:moved' });
    expect(await mailboxRow('broken')).toMatchObject({
      sync_status: 'ERROR',
      last_error_code: 'MailboxGone',
    });
    expect(await mailboxRow('begun')).toMatchObject({ sync_status: 'NEVER_SYNCED', generation: 1 });

    // One run per mailbox, closed as the ordinary engine closes it.
    expect(await runsOf('one')).toEqual([{ status: 'SUCCEEDED', kind: 'FULL', pages: 1, upserted: 3 }]);
    expect(await runsOf('long')).toEqual([{ status: 'SUCCEEDED', kind: 'FULL', pages: 2, upserted: 3 }]);
    expect(await runsOf('moved')).toEqual([{ status: 'SUCCEEDED', kind: 'FULL', pages: 1, upserted: 1 }]);
    expect(await runsOf('broken')).toMatchObject([{ status: 'FAILED', kind: 'FULL' }]);
    expect(await runsOf('begun')).toEqual([]);

    // Every mailbox was let go exactly once; the one another job began, before any page was read.
    expect([...settled].sort()).toEqual(Object.values(ids).sort());
    expect(settled[0]).toBe(ids.begun);
    // The two mailboxes going on past the batch (long, moved) asked for one more lane.
    expect(widened).toEqual([1]);
    // The long mailbox's first page was read once: the ordinary path went on from it.
    expect(reads.filter((r) => r.startsWith('long:'))).toEqual(['long:full:0', 'long:full:1']);
  });

  it('claims nothing a second time: every mailbox has begun its first round', async () => {
    reads.length = 0;
    const outcomes = await runBatch(Object.values(ids));
    expect(outcomes).toEqual([]);
    expect(reads).toEqual([]);
    expect(await runsOf('one')).toHaveLength(1);
  });

  it('continues the mailboxes an earlier attempt of the same job claimed, under its run, and only those', async () => {
    reads.length = 0;
    const res = await admin.pool.query<{ id: string }>(
      `insert into mailboxes (tenant_id, connector_id, address, kind) values ($1, $2, 'one@retry.example.com', 'ROOM') returning id`,
      [seeded.tenantId, seeded.connectorId],
    );
    const mailboxId = res.rows[0]!.id;
    const queuedAt = new Date(Date.now() - 60_000);
    // The job's first attempt claimed it, then its worker died.
    const claim = { tenantId: seeded.tenantId, connectorId: seeded.connectorId, mailboxIds: [mailboxId] };
    const window = { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 86_400_000) };
    expect(
      await claimFirstRounds(admin.db, { ...claim, trigger: 'SCHEDULE', queuedAt, window }),
    ).toHaveLength(1);

    // Another job leaves it alone; the same job run again (same queuedAt) syncs it.
    expect(await runBatch([mailboxId], new Date(queuedAt.getTime() + 1))).toEqual([]);
    const outcomes = await runBatch([mailboxId], queuedAt);
    expect(outcomes).toMatchObject([{ mailboxId, result: { status: 'succeeded', stats: { upserted: 3 } } }]);
    const row = await admin.pool.query<{ sync_status: string; cursor: string; generation: number }>(
      'select sync_status, cursor, generation from mailboxes where id = $1',
      [mailboxId],
    );
    // Under the run the first attempt opened: one run, closed.
    expect(row.rows[0]).toEqual({ sync_status: 'OK', cursor: 'delta:one', generation: 2 });
    const runs = await admin.pool.query<{ status: string }>(
      'select status from sync_runs where mailbox_id = $1',
      [mailboxId],
    );
    expect(runs.rows).toEqual([{ status: 'SUCCEEDED' }]);
  });

  it('reports mailboxes that are gone or disabled without reading them', async () => {
    reads.length = 0;
    const gone = '00000000-0000-4000-8000-000000000001';
    const res = await admin.pool.query<{ id: string }>(
      `insert into mailboxes (tenant_id, connector_id, address, kind, enabled) values ($1, $2, 'off@firstbatch.example.com', 'ROOM', false) returning id`,
      [seeded.tenantId, seeded.connectorId],
    );
    const disabled = res.rows[0]!.id;
    expect(await runBatch([gone, disabled])).toEqual(
      expect.arrayContaining([
        { mailboxId: gone, result: { status: 'skipped', reason: 'mailbox-not-found' } },
        { mailboxId: disabled, result: { status: 'skipped', reason: 'mailbox-disabled' } },
      ]),
    );
    expect(reads).toEqual([]);
  });
});
