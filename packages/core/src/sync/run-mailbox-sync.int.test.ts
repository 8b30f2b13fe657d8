import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../../../../tests/e2e/sync/support/engine-harness.ts';
import type { Core } from '../index.ts';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { setMailboxSyncStatus } from './mailbox-state.ts';
import { expectedEvents } from '../../../../tests/e2e/sync/support/ground-truth.ts';
import { type AdminReader, type SeededConnector } from '../../../../tests/e2e/sync/support/calsync-db.ts';
import {
  createMailboxSyncer,
  type MailboxSyncerOptions,
  type MailboxSyncHooks,
  type SyncMode,
} from './index.ts';

let harness: EngineHarness;
let env: TrustedEmulator;
let core: Core;
let admin: AdminReader;
let seeded: SeededConnector;
let emuMailboxes: { id: string; address: string }[];
let disabledAddresses: string[];

async function sync(
  address: string,
  overrides: MailboxSyncerOptions & MailboxSyncHooks = {},
  mode: SyncMode = 'AUTO',
) {
  const mailboxId = seeded.mailboxIds.get(address)!;
  const { onPageCommitted, ...options } = overrides;
  return createMailboxSyncer(core, { pageSize: 5, ...options })(
    { tenantId: seeded.tenantId, mailboxId, mode, trigger: 'MANUAL' },
    { onPageCommitted },
  );
}

async function expectExact(address: string): Promise<number> {
  const mailboxId = seeded.mailboxIds.get(address)!;
  const emuId = emuMailboxes.find((m) => m.address === address)!.id;
  const state = await admin.mailbox(mailboxId);
  expect(state.cursor).not.toBeNull();
  expect(state.resumeCursor).toBeNull();
  const expected = expectedEvents(env.emu, emuId, { start: state.windowStart!, end: state.windowEnd! });
  const stored = await admin.events(mailboxId);
  expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
  const counts = await admin.eventCount(mailboxId);
  expect(counts.rows).toBe(counts.distinctSourceIds);
  return expected.size;
}

beforeAll(async () => {
  harness = await startEngineHarness({
    addresses: (all) => [
      ...all.filter((m) => m.restEnabled).map((m) => m.address),
      ...all.filter((m) => !m.restEnabled).map((m) => m.address),
      'nobody@contoso.com',
    ],
  });
  emuMailboxes = harness.mailboxes
    .filter((m) => m.restEnabled)
    .map((m) => ({ id: m.id, address: m.address }));
  disabledAddresses = harness.mailboxes.filter((m) => !m.restEnabled).map((m) => m.address);
  ({ env, core, admin, seeded } = harness);
});
afterAll(() => harness?.close());

describe('runMailboxSync against the emulator', () => {
  it('full sync stores every mailbox exactly as Graph has it, occurrences filled from their masters', async () => {
    let total = 0;
    for (const { address } of emuMailboxes) {
      const result = await sync(address);
      expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
      total += await expectExact(address);
    }
    expect(total).toBeGreaterThan(100);
    const [busiest] = emuMailboxes;
    const stored = await admin.events(seeded.mailboxIds.get(busiest!.address)!);
    expect([...stored.values()].filter((e) => e.type === 'OCCURRENCE' && e.subject === null)).toEqual([]);
  });

  it('delta sync after Outlook-like changes is exact again, and an unchanged mailbox writes nothing', async () => {
    const address = emuMailboxes[0]!.address;
    const mailbox = emuMailboxes[0]!.id;
    const c = env.emu.control;
    const list = await c.listEvents(mailbox);
    const singles = list.filter((e) => e.type === 'singleInstance');
    const master = list.find((e) => e.type === 'seriesMaster')!;
    const day = (d: number, h: number) => {
      const t = new Date(Date.now() + d * 86_400_000);
      t.setUTCHours(h, 0, 0, 0);
      return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
    };
    await c.createEvent(mailbox, { subject: 'Created in Outlook', start: day(3, 9), end: day(3, 10) });
    await c.moveEvent(mailbox, singles[0]!.id, { start: day(4, 11), end: day(4, 12) });
    await c.renameEvent(mailbox, singles[1]!.id, 'Renamed in Outlook');
    await c.cancelEvent(mailbox, singles[2]!.id);
    await c.deleteEvent(mailbox, singles[3]!.id);
    await c.moveEvent(mailbox, singles[4]!.id, { start: day(400, 9), end: day(400, 10) });
    const window = await admin.mailbox(seeded.mailboxIds.get(address)!);
    const occurrences = env.emu.state.calendar
      .calendarView(mailbox, window.windowStart!, window.windowEnd!, 'UTC')
      .filter((e) => e.seriesMasterId === master.id && e.type === 'occurrence');
    await c.updateEvent(mailbox, occurrences[0]!.id, { subject: 'One occurrence edited' });
    await c.updateEvent(mailbox, master.id, { subject: 'Whole series renamed' });

    const result = await sync(address);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'DELTA' });
    await expectExact(address);
    const stored = [...(await admin.events(seeded.mailboxIds.get(address)!)).values()];
    expect(stored.some((e) => e.subject === 'Whole series renamed' && e.type === 'OCCURRENCE')).toBe(true);

    const again = await sync(emuMailboxes[1]!.address);
    expect(again).toMatchObject({ status: 'succeeded', kind: 'DELTA', stats: { upserted: 0, deleted: 0 } });
  });

  it('recovers from a 410 in the middle of a round with a full sync and no duplicates', async () => {
    const address = emuMailboxes[0]!.address;
    await env.emu.control.renameEvent(
      emuMailboxes[0]!.id,
      (await env.emu.control.listEvents(emuMailboxes[0]!.id))[0]!.id,
      'x',
    );
    let injected = false;
    const result = await sync(
      address,
      {
        pageSize: 3,
        onPageCommitted: async () => {
          if (injected) return;
          injected = true;
          await env.emu.control.addFault({ type: 'syncStateNotFound', route: 'delta', count: 1 });
        },
      },
      'FULL',
    );
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    await expectExact(address);
  });

  it('a 410 that outlasts the in-job restarts drops the cursors, leaves the mailbox ERROR (not SYNCING) and the retry is exact', async () => {
    const address = emuMailboxes[1]!.address;
    const mailboxId = seeded.mailboxIds.get(address)!;
    expect(await sync(address)).toMatchObject({ status: 'succeeded' });
    // Every delta call for a while answers 410: the stored delta link, the resume link and each fresh round.
    await env.emu.control.addFault({ type: 'syncStateNotFound', route: 'delta', mailbox: address, count: 4 });
    const result = await sync(address);
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'cursor-expired', code: 'SyncStateNotFound' },
      transition: { outcome: 'retry', mailboxStatus: 'ERROR' },
    });
    const failed = await admin.mailbox(mailboxId);
    expect(failed.syncStatus).toBe('ERROR');
    expect(failed.cursor).toBeNull();
    expect(failed.resumeCursor).toBeNull();
    expect(await sync(address)).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect((await admin.mailbox(mailboxId)).syncStatus).toBe('OK');
    await expectExact(address);
  });

  it('a retried job whose stored resume cursor answers 410 runs a fresh full round and ends exact and OK', async () => {
    const address = emuMailboxes[1]!.address;
    const mailboxId = seeded.mailboxIds.get(address)!;
    let pages = 0;
    const interrupted = await sync(
      address,
      {
        pageSize: 3,
        // Postgres goes away after the first page: the round stays unfinished with a resume cursor.
        onPageCommitted: async () => {
          pages += 1;
          if (pages === 1) await core.db.execute(sql`select ${'not a number'}::integer`);
        },
      },
      'FULL',
    );
    expect(interrupted).toMatchObject({ status: 'failed', transition: { outcome: 'retry' } });
    const unfinished = await admin.mailbox(mailboxId);
    expect(unfinished.resumeCursor).not.toBeNull();
    expect(unfinished.syncStatus).not.toBe('SYNCING');
    const gone = await env.emu.control.addFault({
      type: 'syncStateNotFound',
      route: 'delta',
      mailbox: address,
      count: 1,
    });
    expect(await sync(address)).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    // The 410 was spent (a fault leaves the list once it fired its count).
    expect((await env.emu.control.listFaults()).map((f) => f.id)).not.toContain(gone.id);
    expect((await admin.mailbox(mailboxId)).syncStatus).toBe('OK');
    await expectExact(address);
  });

  it('stays exact through 429 (fractional Retry-After), 503, resets, truncated JSON, empty first pages and replays', async () => {
    const c = env.emu.control;
    const address = emuMailboxes[4]!.address;
    await c.addFault({ type: 'emptyFirstPage', route: 'delta', mailbox: address, count: 1 });
    await c.addFault({
      type: 'status',
      status: 429,
      retryAfterSeconds: 0.35,
      route: 'delta',
      mailbox: address,
      count: 2,
    });
    await c.addFault({ type: 'status', status: 503, route: 'delta', mailbox: address, count: 1 });
    await c.addFault({ type: 'reset', route: 'delta', mailbox: address, count: 1 });
    await c.addFault({ type: 'truncatedJson', route: 'delta', mailbox: address, count: 1 });
    await c.addFault({ type: 'replayItems', route: 'delta', mailbox: address, count: 1 });
    const result = await sync(address, {}, 'FULL');
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    if (result.status === 'succeeded') expect(result.stats.throttled).toBe(2);
    await expectExact(address);
    expect((await c.listFaults()).filter((f) => f.mailbox === address && f.fired < (f.count ?? 1))).toEqual(
      [],
    );
  });

  it('marks a mailbox that is not enabled for REST ERROR', async () => {
    expect(disabledAddresses.length).toBeGreaterThan(0);
    const result = await sync(disabledAddresses[0]!);
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'mailbox', reason: 'not-enabled' },
    });
  });

  it('marks an unknown mailbox ERROR without touching the connector', async () => {
    const result = await sync('nobody@contoso.com');
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'mailbox' },
      transition: { outcome: 'give-up' },
    });
    const state = await admin.mailbox(seeded.mailboxIds.get('nobody@contoso.com')!);
    expect(state.syncStatus).toBe('ERROR');
    expect(state.lastError).toMatch(/ErrorInvalidUser/);
    const runs = await admin.runs(seeded.mailboxIds.get('nobody@contoso.com')!);
    expect(runs.at(-1)).toMatchObject({ status: 'FAILED', error_code: 'ErrorInvalidUser' });
  });
});

describe("failures that are not the mailbox's or the connector's (issue 17)", () => {
  const connectorStatus = async () =>
    (
      await admin.pool.query<{ status: string }>('select status from connectors where id = $1', [
        seeded.connectorId,
      ])
    ).rows[0]!.status;

  it('a Postgres error mid-sync is retried, leaves the mailbox status alone and stores no SQL or parameters', async () => {
    const address = emuMailboxes[2]!.address;
    const mailboxId = seeded.mailboxIds.get(address)!;
    expect(await sync(address)).toMatchObject({ status: 'succeeded' });
    // Left SYNCING by a job that died: the interrupted run must not keep it looking busy.
    await setMailboxSyncStatus(core.db, seeded.tenantId, mailboxId, 'SYNCING');
    const result = await sync(
      address,
      {
        // A real failed statement with a bound parameter, as a dropped connection or a timeout would be.
        onPageCommitted: async () => {
          await core.db.execute(sql`select ${'csk_leaked_parameter'}::integer`);
        },
      },
      'FULL',
    );
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'infrastructure', code: 'Postgres22P02' },
      transition: { outcome: 'retry', mailboxStatus: null, connectorStatus: null },
    });
    const state = await admin.mailbox(mailboxId);
    expect(state.syncStatus).toBe('OK');
    expect(state.lastError).toBeNull();
    const run = (await admin.runs(mailboxId)).at(-1)!;
    expect(run).toMatchObject({ status: 'FAILED', error_code: 'Postgres22P02' });
    expect(run.error_message).not.toMatch(/select|csk_leaked_parameter|params|integer/i);
    expect(await connectorStatus()).toBe('HEALTHY');
    expect(await sync(address)).toMatchObject({ status: 'succeeded' });
    await expectExact(address);
  });

  it('a stored delta link on another Graph origin is dropped and replaced by a full sync', async () => {
    const address = emuMailboxes[3]!.address;
    const mailboxId = seeded.mailboxIds.get(address)!;
    expect(await sync(address)).toMatchObject({ status: 'succeeded' });
    await admin.pool.query(
      `update mailboxes set cursor = 'https://graph.previous.example/v1.0/users/x/calendarView/delta?$deltatoken=old'
       where id = $1`,
      [mailboxId],
    );
    const result = await sync(address);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    const state = await admin.mailbox(mailboxId);
    expect(new URL(state.cursor!).origin).toBe(new URL(env.emu.url).origin);
    await expectExact(address);
  });

  it("one mailbox's 403 fails only that mailbox: the connector stays usable for the others", async () => {
    const [denied, other] = [emuMailboxes[1]!.address, emuMailboxes[2]!.address];
    await env.emu.control.addFault({
      type: 'status',
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
      route: 'delta',
      mailbox: denied,
      count: 1,
    });
    const result = await sync(denied, {}, 'FULL');
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'access-denied', code: 'ErrorAccessDenied' },
      transition: { outcome: 'give-up', mailboxStatus: 'ERROR', connectorStatus: null },
    });
    expect((await admin.mailbox(seeded.mailboxIds.get(denied)!)).syncStatus).toBe('ERROR');
    expect(await connectorStatus()).toBe('HEALTHY');
    expect(await sync(other)).toMatchObject({ status: 'succeeded' });
    expect(await sync(denied)).toMatchObject({ status: 'succeeded' });
  });
});
