// The engine reads a round's next page while the current one is written (run-round.ts readAhead).
// What must hold anyway: a page's per-page state is kept only after that page committed, in page
// order; a failed read of the next page leaves the pages before it committed; and a failed write
// returns only once the page read meanwhile has settled (no request outlives the job).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import type { Core } from '../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { createProviderRegistry, type CalendarProvider } from '../providers/registry.ts';
import type { SourcePage, SyncSession } from '../providers/sync-source.ts';
import { createMailboxSyncer } from './create-mailbox-syncer.ts';
import type { SourceEvent } from './source-event.ts';

const PAGES = 3;

interface Script {
  /** What happened, in order: `fetch <n>`, `fetched <n>`, `committed <n>` (n counts from 1). */
  log: string[];
  /** The read of page n fails instead of answering. */
  failRead?: number;
  /** Page n holds a row the database refuses. */
  badRow?: number;
  /** Milliseconds the read of a page takes. */
  readMs?: number;
}

let script: Script;

function row(page: number): SourceEvent {
  const event = sourceEvent(`ahead-${page}`, `Page ${page}`, {
    startAt: new Date(Date.UTC(2026, 11, 4, 8 + page)),
    endAt: new Date(Date.UTC(2026, 11, 4, 9 + page)),
  });
  return page === script.badRow ? { ...event, type: 'NOT_A_TYPE' as SourceEvent['type'] } : event;
}

const session: SyncSession = {
  acceptsCursor: (cursor) => cursor.startsWith('page:') || cursor === 'done',
  fullRoundCursor: () => 'page:1',
  async fetchPage(cursor): Promise<SourcePage> {
    if (cursor === 'done') return { changes: [], itemIds: [], next: { kind: 'done', cursor: 'done' } };
    const n = Number(cursor.slice('page:'.length));
    script.log.push(`fetch ${n}`);
    await new Promise((resolve) => setTimeout(resolve, script.readMs ?? 20));
    script.log.push(`fetched ${n}`);
    if (n === script.failRead) throw new Error(`page ${n} could not be read`);
    return {
      changes: [{ kind: 'upsert', row: row(n) }],
      itemIds: [`ahead-${n}`],
      next: n < PAGES ? { kind: 'more', cursor: `page:${n + 1}` } : { kind: 'done', cursor: 'done' },
      committed: async () => {
        // Kept after the page's own transaction: its row and the cursor after it are stored.
        const stored = await storedState();
        script.log.push(`committed ${n} (rows ${stored.rows.join(',')}; resume ${stored.resume ?? '-'})`);
      },
    };
  },
};

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;

const provider: Pick<CalendarProvider, 'kind' | 'classify' | 'sync'> = {
  kind: 'MICROSOFT_GRAPH',
  classify: (error) => ({ kind: 'unknown', code: 'Scripted', message: String(error) }),
  sync: {
    classify: (error) => ({ kind: 'unknown', code: 'Scripted', message: String(error) }),
    openSession: () => Promise.resolve(session),
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
});
beforeEach(async () => {
  seeded = await seedTenant(admin.db, `ahead-${Math.random().toString(36).slice(2, 8)}`);
  await admin.pool.query('delete from events where mailbox_id = $1', [seeded.mailboxId]);
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
});

const sync = () =>
  createMailboxSyncer(
    {
      ...core,
      providers: createProviderRegistry({
        MICROSOFT_GRAPH: { ...core.providers.for('MICROSOFT_GRAPH'), ...provider },
        EXCHANGE_ONPREM: core.providers.for('EXCHANGE_ONPREM'),
      }),
    },
    { pageSize: 1 },
  )({ tenantId: seeded.tenantId, mailboxId: seeded.mailboxId, mode: 'FULL', trigger: 'MANUAL' });

async function storedState(): Promise<{ rows: string[]; resume: string | null; cursor: string | null }> {
  const rows = await admin.pool.query<{ source_id: string }>(
    'select source_id from events where mailbox_id = $1 order by source_id',
    [seeded.mailboxId],
  );
  const mailbox = await admin.pool.query<{ resume_cursor: string | null; cursor: string | null }>(
    'select resume_cursor, cursor from mailboxes where id = $1',
    [seeded.mailboxId],
  );
  return {
    rows: rows.rows.map((r) => r.source_id.replace('ahead-', '')),
    resume: mailbox.rows[0]!.resume_cursor,
    cursor: mailbox.rows[0]!.cursor,
  };
}

describe('reading the next page while the current one is written', () => {
  it('requests page n+1 before page n commits, and keeps each page’s state after its own commit, in order', async () => {
    script = { log: [] };
    expect(await sync()).toMatchObject({
      status: 'succeeded',
      kind: 'FULL',
      stats: { pages: 3, upserted: 3 },
    });
    const at = (entry: string): number => script.log.findIndex((e) => e.startsWith(entry));
    // Read ahead: each next page was requested before the page before it committed.
    expect(at('fetch 2')).toBeLessThan(at('committed 1'));
    expect(at('fetch 3')).toBeLessThan(at('committed 2'));
    // One read at a time: a page is requested only once the one before it has answered.
    expect(at('fetched 1')).toBeLessThan(at('fetch 2'));
    expect(at('fetched 2')).toBeLessThan(at('fetch 3'));
    expect(script.log.filter((entry) => entry.startsWith('committed'))).toEqual([
      'committed 1 (rows 1; resume page:2)',
      'committed 2 (rows 1,2; resume page:3)',
      'committed 3 (rows 1,2,3; resume -)',
    ]);
    expect(await storedState()).toEqual({ rows: ['1', '2', '3'], resume: null, cursor: 'done' });
  });

  it('a failed read of the next page leaves the page before it committed, to resume from', async () => {
    script = { log: [], failRead: 3 };
    expect(await sync()).toMatchObject({ status: 'failed' });
    expect(script.log.filter((entry) => entry.startsWith('committed'))).toEqual([
      'committed 1 (rows 1; resume page:2)',
      'committed 2 (rows 1,2; resume page:3)',
    ]);
    expect(await storedState()).toMatchObject({ rows: ['1', '2'], resume: 'page:3' });
  });

  it('a failed write returns only after the page read meanwhile has settled', async () => {
    script = { log: [], badRow: 2, readMs: 150 };
    const result = await sync();
    script.log.push('returned');
    expect(result).toMatchObject({ status: 'failed' });
    // Page 3 was requested while page 2's write failed; the job waited for its answer.
    expect(script.log.slice(-3)).toEqual(['fetch 3', 'fetched 3', 'returned']);
    expect(await storedState()).toMatchObject({ rows: ['1'], resume: 'page:2' });
  });
});
