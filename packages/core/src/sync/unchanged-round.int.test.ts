import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../../../../tests/e2e/sync/support/engine-harness.ts';
import { readerSourceOf } from '../db/read-as-tenant.ts';
import { CursorMovedError } from './apply-page.ts';
import { createMailboxSyncer } from './index.ts';
import { emptyRunStats } from './run-stats.ts';
import { finishSyncRun, openSyncRun } from './sync-runs.ts';

// An unchanged mailbox's delta round is the steady state of a large deployment: its Postgres cost
// is round trips, so they are counted here (Postgres answers each with one ReadyForQuery).
let harness: EngineHarness;
let address: string;
let roundTrips = 0;
/** Text of every statement parsed on the core's pool (extended protocol: each one is parsed). */
const parsed: string[] = [];

beforeAll(async () => {
  harness = await startEngineHarness({
    addresses: (all) => [all.find((m) => m.restEnabled)!.address],
  });
  address = [...harness.seeded.mailboxIds.keys()][0]!;
  const counted = new WeakSet<object>();
  readerSourceOf(harness.core.db).pool.on('acquire', (client) => {
    if (counted.has(client)) return;
    counted.add(client);
    const { connection } = client as pg.PoolClient & {
      connection: pg.Connection & { parse(message: { text: string }): void };
    };
    connection.on('readyForQuery', () => (roundTrips += 1));
    const parse = connection.parse.bind(connection);
    connection.parse = (message) => {
      parsed.push(message.text);
      parse(message);
    };
  });
});
afterAll(() => harness?.close());

const mailboxId = (): string => harness.seeded.mailboxIds.get(address)!;
const sync = () =>
  createMailboxSyncer(
    harness.core,
    {},
  )({
    tenantId: harness.seeded.tenantId,
    mailboxId: mailboxId(),
    mode: 'AUTO',
    trigger: 'SCHEDULE',
  });

describe('an unchanged mailbox delta round', () => {
  it('costs nine Postgres round trips for a first sync, three when unchanged, and still stores the new cursor, closes its run and marks the mailbox OK', async () => {
    parsed.length = 0;
    roundTrips = 0;
    expect(await sync()).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    // A first sync of a one-page mailbox: target, run opened, directory identity, full round begun
    // (it finds nothing stored yet), the page's transaction (with its cursor; the upsert; COMMIT:
    // no sweep, nothing older can be there), the series masters it delivered, run closed.
    // Single-statement writes are one round trip each.
    expect(roundTrips).toBe(9);
    expect(parsed.filter((text) => /delete from events/.test(text))).toEqual([]);
    // A mailbox's first round has no stored row to re-key by iCalUId (sync/rekey-events.ts).
    expect(parsed.some((text) => text.includes('insert into events'))).toBe(true);
    expect(parsed.filter((text) => /with incoming as/.test(text))).toEqual([]);
    const before = await harness.admin.mailbox(mailboxId());

    roundTrips = 0;
    const result = await sync();
    // Target with credential, run opened, run closed with the cursor and the mailbox status.
    expect(roundTrips).toBe(3);

    expect(result).toMatchObject({ status: 'succeeded', kind: 'DELTA', stats: { pages: 1, upserted: 0 } });
    const after = await harness.admin.mailbox(mailboxId());
    expect(after.syncStatus).toBe('OK');
    expect(after.cursor).not.toBeNull();
    expect(after.cursor).not.toBe(before.cursor);
    expect(after.resumeCursor).toBeNull();
    const runs = await harness.admin.runs(mailboxId());
    expect(runs.at(-1)).toMatchObject({ status: 'SUCCEEDED', kind: 'DELTA', pages: 1 });
    expect(runs.at(-1)!.finished_at).not.toBeNull();
  });

  it('does not close its run when the cursor moved meanwhile: the round restarts, nothing is lost', async () => {
    const { tenantId, connectorId } = harness.seeded;
    const feed = { db: harness.core.db, redis: harness.core.redis, keyPrefix: 'unchanged-round-test' };
    const stored = await harness.admin.mailbox(mailboxId());
    const run = await openSyncRun(feed, {
      tenantId,
      connectorId,
      mailboxId: mailboxId(),
      kind: 'DELTA',
      trigger: 'MANUAL',
    });
    const close = finishSyncRun(
      feed,
      {
        tenantId,
        mailboxId: mailboxId(),
        runId: run.id,
        status: 'SUCCEEDED',
        kind: 'DELTA',
        stats: emptyRunStats(),
      },
      { status: 'OK' },
      {
        cursor: 'https://example.invalid/later',
        expected: { generation: 0, resumeCursor: null, cursor: 'elsewhere' },
      },
    );
    await expect(close).rejects.toBeInstanceOf(CursorMovedError);
    const runs = await harness.admin.runs(mailboxId());
    expect(runs.find((r) => r.id === run.id)).toMatchObject({ status: 'RUNNING', finished_at: null });
    const after = await harness.admin.mailbox(mailboxId());
    expect(after.cursor).toBe(stored.cursor);
    expect(after.syncStatus).toBe('SYNCING');

    // The next job closes normally and leaves the mailbox OK on a fresh cursor.
    expect(await sync()).toMatchObject({ status: 'succeeded', kind: 'DELTA' });
    expect((await harness.admin.mailbox(mailboxId())).syncStatus).toBe('OK');
  });
});
