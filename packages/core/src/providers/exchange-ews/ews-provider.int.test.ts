// The EXCHANGE_ONPREM provider end to end in-process: connector created through core, its own NTLM transport
// against the EWS emulator, rounds through the neutral sync engine into the real database.
import { SEED_NOW, startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../../tests/support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../../tests/support/test-core.ts';
import { createConnector } from '../../connectors/create-connector.ts';
import { updateConnector } from '../../connectors/update-connector.ts';
import type { Core } from '../../create-core.ts';
import { createDatabase, type DatabaseHandle } from '../../db/index.ts';
import { checkConnector } from '../../diagnostics/test-connector.ts';
import { createMailboxSyncer } from '../../sync/create-mailbox-syncer.ts';
import { computeSyncWindow } from '../../sync/sync-window.ts';
import type { SyncMode } from '../../sync/plan-round.ts';
import type { Principal } from '../../tenancy/index.ts';

const ROOM = 'berlin-spree@contoso.com';
const PAST_DAYS = 7;
const FUTURE_DAYS = 60;

let t: TestEwsEmulator;
let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
let principal: Principal;
let connectorId: string;
let roomMailboxId: string;

beforeAll(async () => {
  t = await startTestEwsEmulator();
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  seeded = await seedTenant(admin.db, 'ews');
  principal = { role: 'ADMIN', tenantId: seeded.tenantId, keyId: seeded.apiKeyId };
  const view = await createConnector(core, principal, {
    name: 'Contoso Exchange',
    kind: 'EXCHANGE_ONPREM',
    exchangeOnPrem: {
      ewsUrl: t.emulator.ewsUrl,
      username: t.emulator.monitor!.domainUser,
      password: t.emulator.monitor!.password,
      caBundlePem: t.emulator.caCertPem,
    },
    syncWindow: { pastDays: PAST_DAYS, futureDays: FUTURE_DAYS },
    maskPrivateEvents: false,
    mailboxes: [ROOM, t.emulator.ungrantedMailbox!],
  });
  connectorId = view.id;
  const res = await admin.pool.query<{ id: string }>(
    'select id from mailboxes where connector_id = $1 and address = $2',
    [connectorId, ROOM],
  );
  roomMailboxId = res.rows[0]!.id;
});
afterAll(async () => {
  await core?.close();
  await admin?.close();
  await database?.drop();
  await t?.close();
});

const sync = (mode: SyncMode = 'AUTO') =>
  createMailboxSyncer(core, { now: () => SEED_NOW })({
    tenantId: seeded.tenantId,
    mailboxId: roomMailboxId,
    mode,
    trigger: 'MANUAL',
  });

/** What EWS's CalendarView holds over the connector's window: items ending exactly at its start included. */
function expectedEvents(): string[] {
  const window = computeSyncWindow(SEED_NOW, PAST_DAYS, FUTURE_DAYS);
  const storeId = t.emulator.state.directory.mailbox(ROOM)!.storeId;
  return t.emulator.state.calendar
    .calendarView(storeId, new Date(window.start.getTime() - 1), window.end, 'UTC')
    .map(
      (e) =>
        `${new Date(`${(e['start'] as { dateTime: string }).dateTime}Z`).toISOString()} ${String(e['subject'])}`,
    )
    .sort();
}

async function storedEvents(): Promise<string[]> {
  const res = await admin.pool.query<{ start_at: Date; subject: string | null }>(
    'select start_at, subject from events where mailbox_id = $1',
    [roomMailboxId],
  );
  return res.rows.map((r) => `${r.start_at.toISOString()} ${r.subject ?? ''}`).sort();
}

async function requestsSince(seq: number): Promise<string[]> {
  const log = await t.emulator.control.requests({ afterSeq: seq });
  return log.filter((r) => r.status !== 401).map((r) => r.route);
}

const lastSeq = async (): Promise<number> => (await t.emulator.control.requests()).at(-1)?.seq ?? 0;

describe('EXCHANGE_ONPREM through the sync engine against the EWS emulator', () => {
  it('a first round stores exactly the window CalendarView holds, signed in over NTLM', async () => {
    const result = await sync();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    const stored = await storedEvents();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(expectedEvents());
  });

  it('an unchanged mailbox costs one SyncFolderItems request', async () => {
    const before = await lastSeq();
    expect(await sync()).toMatchObject({
      status: 'succeeded',
      kind: 'DELTA',
      stats: { upserted: 0, deleted: 0 },
    });
    expect(await requestsSince(before)).toEqual(['SyncFolderItems']);
  });

  it('creates, updates, deletes and series edits arrive exactly, fetching only what changed', async () => {
    const [first, second] = (await t.emulator.control.listEvents(ROOM)).filter(
      (e) => e['type'] === 'singleInstance',
    );
    const series = (await t.emulator.control.listEvents(ROOM)).find((e) => e['type'] === 'seriesMaster');
    await t.emulator.control.createEvent(ROOM, {
      subject: 'Added on premises',
      start: { dateTime: '2030-01-08T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-01-08T11:00:00', timeZone: 'UTC' },
    });
    await t.emulator.control.updateEvent(ROOM, String(first!['id']), { subject: 'Renamed on premises' });
    await t.emulator.control.deleteEvent(ROOM, String(second!['id']));
    if (series)
      await t.emulator.control.updateEvent(ROOM, String(series['id']), { subject: 'Series renamed' });
    const before = await lastSeq();
    expect(await sync()).toMatchObject({ status: 'succeeded', kind: 'DELTA' });
    expect(await storedEvents()).toEqual(expectedEvents());
    const calls = await requestsSince(before);
    // One view per 31-day sub-window; GetItem only for the handful of changed items.
    expect(calls.filter((c) => c === 'GetItem').length).toBeLessThanOrEqual(3);
  });

  it('diagnoses the mailbox without grants with the set-up guide command', async () => {
    const diagnostics = await checkConnector(core, seeded.tenantId, connectorId);
    const byTarget = new Map(diagnostics.checks.map((c) => [`${c.name} ${c.target ?? ''}`, c]));
    expect(byTarget.get('AUTHENTICATION ')?.status).toBe('PASS');
    expect(byTarget.get(`MAILBOX_ACCESS ${ROOM}`)?.status).toBe('PASS');
    const ungranted = byTarget.get(`MAILBOX_ACCESS ${t.emulator.ungrantedMailbox!}`);
    expect(ungranted).toMatchObject({ status: 'FAIL', code: 'ErrorFolderNotFound' });
    expect(ungranted?.remedy).toContain(`Add-MailboxPermission -Identity ${t.emulator.ungrantedMailbox!}`);
  });

  it('reads the room directory from the server’s room lists, metadata unknown rather than guessed', async () => {
    const snapshot = await core.providers
      .for('EXCHANGE_ONPREM')
      .directory.readRoomDirectory({ tenantId: seeded.tenantId, connectorId }, 30_000);
    const lists = t.emulator.state.directory.listRoomLists();
    expect(lists.length).toBeGreaterThan(0);
    expect(snapshot.roomLists.map((l) => [l.address, [...l.members].sort()]).sort()).toEqual(
      lists.map((l) => [l.address, [...l.rooms].sort()]).sort(),
    );
    const members = new Set(lists.flatMap((l) => l.rooms));
    expect(snapshot.rooms.map((r) => r.address).sort()).toEqual([...members].sort());
    expect(snapshot.rooms.every((r) => r.capacity === null && r.bookingType === 'UNKNOWN')).toBe(true);
  });

  it('a wrong password fails the round as auth after one refused handshake, with no retries', async () => {
    await updateConnector(core, principal, connectorId, { exchangeOnPrem: { password: 'not-the-password' } });
    const before = await lastSeq();
    const result = await sync();
    expect(result).toMatchObject({ status: 'failed', failure: { kind: 'auth' } });
    const log = await t.emulator.control.requests({ afterSeq: before });
    // Type 1 and Type 3 of one handshake: no retry storm against the account lockout policy.
    expect(log.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });
});
