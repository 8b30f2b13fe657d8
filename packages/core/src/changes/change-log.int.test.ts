// The change log is written by triggers on `events` in the writer's transaction: these tests
// drive the real sync write path (applyPage) and read the log back as a consumer would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import type { SourceEvent } from '../sync/source-event.ts';
import { applyPage, CursorMovedError, type PageEnd } from '../sync/apply-page.ts';
import { AppError } from '../errors/index.ts';
import { readEventChanges, type EventChangeEntry } from './read-event-changes.ts';
import { trimEventChanges } from './trim-event-changes.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let app: DatabaseHandle;
let tenant: SeededTenant;
let other: SeededTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  app = createDatabase(database.appUrl);
  tenant = await seedTenant(admin.db, 'log-a');
  other = await seedTenant(admin.db, 'log-b');
});
afterAll(async () => {
  await app?.close();
  await admin?.close();
  await database?.drop();
});

interface MailboxState {
  generation: number;
  cursor: string | null;
  resume_cursor: string | null;
}

async function mailboxState(mailboxId: string): Promise<MailboxState> {
  const res = await admin.pool.query<MailboxState>(
    'select generation, cursor, resume_cursor from mailboxes where id = $1',
    [mailboxId],
  );
  return res.rows[0]!;
}

let cursorCounter = 0;
/** One committed delta page against the mailbox's current cursor. */
async function page(
  seeded: SeededTenant,
  upserts: SourceEvent[],
  removals: string[] = [],
  end: Partial<Extract<PageEnd, { kind: 'final' }>> = {},
) {
  const state = await mailboxState(seeded.mailboxId);
  cursorCounter += 1;
  return applyPage(app.db, {
    tenantId: seeded.tenantId,
    mailboxId: seeded.mailboxId,
    expected: { generation: state.generation, cursor: state.cursor, resumeCursor: state.resume_cursor },
    changes: { upserts, removals, seriesReplacements: [] },
    end: { kind: 'final', cursor: `c${cursorCounter}`, sweep: false, ...end },
  });
}

async function readAll(seeded: SeededTenant, after: string | null = null): Promise<EventChangeEntry[]> {
  const all: EventChangeEntry[] = [];
  let cursor = after;
  for (;;) {
    const result = await readEventChanges(app.db, seeded.tenantId, { after: cursor, first: 2 });
    all.push(...result.nodes);
    cursor = result.pageInfo.endCursor;
    if (!result.pageInfo.hasNextPage) return all;
  }
}

const summary = (changes: EventChangeEntry[]) =>
  changes.map((c) => [c.changeType, c.event?.sourceId ?? c.eventId, c.event?.subject ?? null]);

describe('the change log', () => {
  let start: string;

  it('records creations, updates and removals in commit order; a page that changes nothing adds nothing', async () => {
    start = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    await page(tenant, [sourceEvent('a', 'Alpha'), sourceEvent('b', 'Beta')]);
    const [aliveB] = await admin.pool
      .query<{ id: string }>(`select id from events where source_id = 'b'`)
      .then((r) => r.rows);
    await page(tenant, [sourceEvent('a', 'Alpha moved')], ['b']);
    await page(tenant, [sourceEvent('a', 'Alpha moved')]); // same change key: nothing changed

    const changes = await readAll(tenant, start);
    expect(summary(changes)).toEqual([
      ['CREATED', 'a', 'Alpha moved'], // each change carries the event's current state
      ['CREATED', aliveB!.id, null], // b is gone now: the change has no state to show
      ['UPDATED', 'a', 'Alpha moved'],
      ['DELETED', aliveB!.id, null],
    ]);
    expect(changes.map((c) => c.seq)).toEqual([...changes.map((c) => c.seq)].sort((x, y) => x - y));
    expect(new Set(changes.map((c) => c.seq)).size).toBe(changes.length);
    expect(changes.every((c) => c.mailboxId === tenant.mailboxId)).toBe(true);
  });

  it('a full round that rewrites unchanged rows logs nothing; masking and the sweep do log', async () => {
    const before = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    // A full round: new generation, the same event again, sweep at the end (the seeded event goes).
    await admin.pool.query('update mailboxes set generation = generation + 1 where id = $1', [
      tenant.mailboxId,
    ]);
    await page(tenant, [sourceEvent('a', 'Alpha moved')], [], { sweep: true });
    expect(summary(await readAll(tenant, before))).toEqual([['DELETED', tenant.eventId, null]]);

    // Masking switched on: same change key, content differs.
    const afterSweep = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    await admin.pool.query('update mailboxes set generation = generation + 1 where id = $1', [
      tenant.mailboxId,
    ]);
    await page(tenant, [sourceEvent('a', null, { changeKey: 'a:Alpha moved', sensitivity: 'PRIVATE' })], [], {
      sweep: true,
    });
    expect(summary(await readAll(tenant, afterSweep))).toEqual([['UPDATED', 'a', null]]);
  });

  it('a page that rolls back leaves no change behind', async () => {
    const before = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    const state = await mailboxState(tenant.mailboxId);
    await expect(
      applyPage(app.db, {
        tenantId: tenant.tenantId,
        mailboxId: tenant.mailboxId,
        expected: { generation: state.generation, cursor: 'not-the-stored-one', resumeCursor: null },
        changes: { upserts: [sourceEvent('z', 'Never')], removals: [], seriesReplacements: [] },
        end: { kind: 'final', cursor: 'x', sweep: false },
      }),
    ).rejects.toBeInstanceOf(CursorMovedError);
    expect(await readAll(tenant, before)).toEqual([]);
  });

  it('a tenant reads only its own changes', async () => {
    await page(other, [sourceEvent('other-1', 'Theirs')]);
    const mine = await readAll(tenant);
    const theirs = await readAll(other);
    expect(mine.every((c) => c.mailboxId === tenant.mailboxId)).toBe(true);
    expect(summary(theirs)).toContainEqual(['CREATED', 'other-1', 'Theirs']);
    expect(theirs.some((c) => mine.some((m) => m.eventId === c.eventId))).toBe(false);
  });

  it('concurrent writers of one tenant neither wait for each other nor commit out of sequence order', async () => {
    const before = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    const open = await app.pool.connect();
    try {
      await open.query('begin');
      await open.query(`select set_config('app.tenant_id', $1, true)`, [tenant.tenantId]);
      await open.query(
        `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at, subject)
         values ($1, $2, 'first-writer', 'SINGLE_INSTANCE', now(), now() + interval '1 hour', 'First')`,
        [tenant.tenantId, tenant.mailboxId],
      );
      // The log is numbered at commit: the second page commits while the first writer is open.
      await page(tenant, [sourceEvent('second-writer', 'Second')]);
      expect(summary(await readAll(tenant, before))).toEqual([['CREATED', 'second-writer', 'Second']]);
      await open.query('commit');
    } finally {
      open.release();
    }
    // A reader past the second change finds the first one after it, never before it.
    expect(summary(await readAll(tenant, before))).toEqual([
      ['CREATED', 'second-writer', 'Second'],
      ['CREATED', 'first-writer', 'First'],
    ]);
  });
});

describe('retention', () => {
  it('trims old changes in bounded batches; an older cursor is CURSOR_EXPIRED with the oldest cursor to resume from', async () => {
    const beginning = (await readEventChanges(app.db, tenant.tenantId, { first: 1 })).nodes[0]!;
    const otherBefore = await readAll(other);
    await page(tenant, [sourceEvent('fresh', 'Fresh')]);
    // Everything but the last change is eight days old.
    await admin.pool.query(
      `update event_changes set committed_at = now() - interval '8 days'
       where tenant_id = $1 and seq < (select max(seq) from event_changes where tenant_id = $1)`,
      [tenant.tenantId],
    );
    const trimmed = await trimEventChanges(app.db, {
      retentionMs: 7 * 86_400_000,
      batchSize: 2,
      maxBatches: 100,
    });
    expect(trimmed).toBeGreaterThan(2); // more than one batch

    const expired = await readEventChanges(app.db, tenant.tenantId, {
      after: beginning.cursor,
      first: 10,
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(expired).toBeInstanceOf(AppError);
    const { code, details } = expired as AppError;
    expect(code).toBe('CURSOR_EXPIRED');
    const resumed = await readAll(tenant, details['oldestCursor'] as string);
    expect(summary(resumed)).toEqual([['CREATED', 'fresh', 'Fresh']]);
    // No cursor starts at the oldest retained change; the other tenant's log is untouched.
    expect(summary(await readAll(tenant))).toEqual([['CREATED', 'fresh', 'Fresh']]);
    expect(await readAll(other)).toEqual(otherBefore);
  });

  it('a filtered reader whose mailboxes see no change still moves its cursor past the others', async () => {
    const head = (await readEventChanges(app.db, tenant.tenantId, { first: 500 })).pageInfo.endCursor;
    await page(tenant, [sourceEvent('elsewhere', 'Not in the filter')]);
    const filtered = await readEventChanges(app.db, tenant.tenantId, {
      after: head,
      first: 10,
      addresses: ['nobody@nowhere.example'],
    });
    expect(filtered.nodes).toEqual([]);
    expect(filtered.pageInfo.endCursor).not.toBe(head);
    expect(await readAll(tenant, filtered.pageInfo.endCursor)).toEqual([]);
  });
});
