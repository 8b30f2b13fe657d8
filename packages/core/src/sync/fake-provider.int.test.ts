// A second provider is a folder, not a fork: an in-memory calendar behind the SyncProvider
// interface runs through the neutral engine (plan → pages → apply → sweep → cursor) with no
// Graph code involved, against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import type { Core } from '../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { createProviderRegistry, type CalendarProvider } from '../providers/registry.ts';
import type { SourcePage, SyncSession } from '../providers/sync-source.ts';
import { createMailboxSyncer } from './create-mailbox-syncer.ts';
import type { SyncMode } from './plan-round.ts';
import type { SourceEvent } from './source-event.ts';

/** A calendar with a change log: full rounds page over its events, incremental rounds replay the log. */
function createFakeCalendar() {
  const events = new Map<string, SourceEvent>();
  const log: { version: number; id: string }[] = [];
  let version = 0;
  const put = (id: string, subject: string) => {
    version += 1;
    const start = new Date(Date.UTC(2026, 11, 4, 8 + events.size));
    events.set(id, event(id, subject, start));
    log.push({ version, id });
  };
  return {
    events,
    put,
    remove(id: string) {
      version += 1;
      events.delete(id);
      log.push({ version, id });
    },
    /** Gone without a removal in the log: only a full round's sweep can notice. */
    dropSilently: (id: string) => events.delete(id),
    session(pageSize: number): SyncSession {
      const readPage = (cursor: string): SourcePage => {
        const [kind, at] = cursor.split(':') as ['full' | 'delta', string];
        const position = Number(at);
        if (kind === 'full') {
          const page = [...events.values()].slice(position, position + pageSize);
          const more = position + pageSize < events.size;
          return {
            changes: page.map((row) => ({ kind: 'upsert', row })),
            itemIds: page.map((e) => e.sourceId),
            next: more
              ? { kind: 'more', cursor: `full:${position + pageSize}` }
              : { kind: 'done', cursor: `delta:${version}` },
          };
        }
        const changed = log.filter((entry) => entry.version > position).map((entry) => entry.id);
        return {
          changes: changed.map((id) => {
            const row = events.get(id);
            return row ? { kind: 'upsert', row } : { kind: 'remove', sourceId: id };
          }),
          itemIds: changed,
          next: { kind: 'done', cursor: `delta:${version}` },
        };
      };
      return {
        acceptsCursor: (cursor) => /^(full|delta):\d+$/.test(cursor),
        fullRoundCursor: () => 'full:0',
        fetchPage: (cursor) => Promise.resolve(readPage(cursor)),
      };
    },
  };
}

function event(sourceId: string, subject: string, startAt: Date): SourceEvent {
  return sourceEvent(sourceId, subject, { startAt, endAt: new Date(startAt.getTime() + 1_800_000) });
}

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
const calendar = createFakeCalendar();

// The only connector kind the schema knows stands in for the fake here; the registry is the seam.
// The fake replaces sync only: directory and diagnostics stay the real provider's (unused here).
const fakeProvider: Pick<CalendarProvider, 'kind' | 'classify' | 'sync'> = {
  kind: 'MICROSOFT_GRAPH',
  classify: (error) => ({ kind: 'unknown', code: 'Fake', message: String(error) }),
  sync: {
    classify: (error) => ({ kind: 'unknown', code: 'Fake', message: String(error) }),
    openSession: (_target, context) => Promise.resolve(calendar.session(context.pageSize)),
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  seeded = await seedTenant(admin.db, 'fake');
  for (let i = 1; i <= 5; i += 1) calendar.put(`fake-${i}`, `Meeting ${i}`);
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
});

const sync = (mode: SyncMode) =>
  createMailboxSyncer(
    {
      ...core,
      providers: createProviderRegistry({
        MICROSOFT_GRAPH: { ...core.providers.for('MICROSOFT_GRAPH'), ...fakeProvider },
        EXCHANGE_ONPREM: core.providers.for('EXCHANGE_ONPREM'),
      }),
    },
    { pageSize: 2 },
  )({ tenantId: seeded.tenantId, mailboxId: seeded.mailboxId, mode, trigger: 'MANUAL' });

async function stored(): Promise<Record<string, string | null>> {
  const res = await admin.pool.query<{ source_id: string; subject: string | null }>(
    'select source_id, subject from events where mailbox_id = $1',
    [seeded.mailboxId],
  );
  return Object.fromEntries(res.rows.map((r) => [r.source_id, r.subject]));
}

const expected = () => Object.fromEntries([...calendar.events.values()].map((e) => [e.sourceId, e.subject]));

async function storedCursor(): Promise<{ cursor: string | null; resume_cursor: string | null }> {
  const res = await admin.pool.query<{ cursor: string | null; resume_cursor: string | null }>(
    'select cursor, resume_cursor from mailboxes where id = $1',
    [seeded.mailboxId],
  );
  return res.rows[0]!;
}

describe('a fake provider through the neutral sync engine', () => {
  it('a first sync pages through a full round, sweeps what the source lacks and stores its cursor', async () => {
    const result = await sync('AUTO');
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL', stats: { pages: 3, upserted: 5 } });
    // The seeded row the fake never reported is gone: the full round's sweep.
    expect(await stored()).toEqual(expected());
    expect(await storedCursor()).toEqual({ cursor: 'delta:5', resume_cursor: null });
  });

  it('an incremental round applies changes and removals from the stored cursor', async () => {
    calendar.put('fake-2', 'Moved to Friday');
    calendar.remove('fake-3');
    calendar.put('fake-6', 'New one');
    const result = await sync('AUTO');
    expect(result).toMatchObject({
      status: 'succeeded',
      kind: 'DELTA',
      stats: { pages: 1, upserted: 2, deleted: 1 },
    });
    expect(await stored()).toEqual(expected());
    expect(await storedCursor()).toEqual({ cursor: 'delta:8', resume_cursor: null });
  });

  it('a full sync finds what vanished without a removal, and an unusable cursor falls back to one', async () => {
    calendar.dropSilently('fake-4');
    expect(await sync('AUTO')).toMatchObject({ status: 'succeeded', kind: 'DELTA' });
    expect(Object.keys(await stored())).toContain('fake-4');
    expect(await sync('FULL')).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect(await stored()).toEqual(expected());

    await admin.pool.query(`update mailboxes set cursor = 'from-another-provider' where id = $1`, [
      seeded.mailboxId,
    ]);
    expect(await sync('AUTO')).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect(await storedCursor()).toEqual({ cursor: 'delta:8', resume_cursor: null });
  });
});
