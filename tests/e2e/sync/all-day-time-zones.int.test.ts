// All-day events are dates, read in the mailbox's time zone (docs/microsoft-graph.md §9.4), through the API,
// the real worker and the emulator: the zone comes from mailbox settings when the app may read them, else
// from updateMailbox, else from the connector; events, currentEvent/nextEvent and availability follow it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { localMidnight } from '../rooms/support/free-rooms-truth.ts';
import { waitFor } from './support/worker-process.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let key: string;

const DAY = 86_400_000;
const TOKYO_ROOM = 'tokyo-allday@contoso.com';
const PLAIN_ROOM = 'plain-allday@contoso.com';

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const dateIn = (zone: string, at: number): string =>
  new Date(at).toLocaleDateString('en-CA', { timeZone: zone });
const nextDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

const MAILBOX = `query($a: String!, $s: DateTime!, $e: DateTime!) { mailbox(address: $a) {
  id timeZone timeZoneSource syncStatus lastError
  currentEvent { subject isAllDay startDate endDate start end }
  nextEvent { subject startDate start }
  events(start: $s, end: $e) { nodes { subject isAllDay startDate endDate start end } } } }`;

/** A connector of its own app (with the given Graph roles) over one new emulator room, synced once. */
async function connectRoom(
  address: string,
  zone: string,
  roles: string[],
  defaultTimeZone: string,
): Promise<{ emuId: string }> {
  const seed = emulator.emu.state.seedSummary!;
  const control = emulator.emu.control;
  const room = await control.createMailbox({
    tenantId: seed.tenantId,
    address,
    displayName: address,
    kind: 'room',
    timeZone: zone,
  });
  const app = await control.createApp({ tenantId: seed.tenantId, displayName: address, roles });
  const secret = await control.addSecret(app.clientId);
  await gql(`mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`, {
    input: {
      name: address,
      azureTenantId: seed.tenantDomain,
      clientId: app.clientId,
      clientSecret: secret.value,
      syncWindow: { pastDays: 7, futureDays: 30 },
      defaultTimeZone,
      mailboxes: [address],
    },
  });
  return { emuId: room.id };
}

async function syncFully(address: string): Promise<void> {
  const { mailbox } = await gql(`query($a: String!) { mailbox(address: $a) { id connector { id } } }`, {
    a: address,
  });
  const since = new Date().toISOString();
  await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, {
    id: mailbox.connector.id,
  });
  await waitFor(
    async () => {
      const data = await gql(`query($a: String!) { mailbox(address: $a) { syncStatus lastSyncedAt } }`, {
        a: address,
      });
      return data.mailbox.syncStatus === 'OK' && data.mailbox.lastSyncedAt > since;
    },
    60_000,
    `${address} synced`,
  );
}

const allDayEvent = (date: string, subject: string, timeZone = 'UTC') => ({
  subject,
  isAllDay: true,
  start: { dateTime: `${date}T00:00:00`, timeZone },
  end: { dateTime: `${nextDay(date)}T00:00:00`, timeZone },
});

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api } = stack);
  key = (await createTenantViaApi(api, 'all-day')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('all-day events in the mailbox time zone: API + worker + emulator', () => {
  it('reads a Tokyo room’s zone from its mailbox settings and keeps its all-day events on Tokyo’s days', async () => {
    const { emuId } = await connectRoom(
      TOKYO_ROOM,
      'Asia/Tokyo',
      ['Calendars.Read', 'MailboxSettings.Read'],
      'Europe/Berlin',
    );
    const now = Date.now();
    const today = dateIn('Asia/Tokyo', now);
    const later = dateIn('Asia/Tokyo', now + 3 * DAY);
    await emulator.emu.control.createEvent(emuId, allDayEvent(today, 'Closed today', 'Tokyo Standard Time'));
    await emulator.emu.control.createEvent(emuId, allDayEvent(later, 'Closed later', 'Tokyo Standard Time'));
    await syncFully(TOKYO_ROOM);

    const window = { s: new Date(now - 2 * DAY).toISOString(), e: new Date(now + 10 * DAY).toISOString() };
    const { mailbox } = await gql(MAILBOX, { a: TOKYO_ROOM, ...window });
    // mailboxSettings says "Tokyo Standard Time"; calsync keeps the IANA name.
    expect(mailbox).toMatchObject({
      timeZone: 'Asia/Tokyo',
      timeZoneSource: 'MAILBOX_SETTINGS',
      lastError: null,
    });
    const tokyoDay = (date: string) => ({
      startDate: date,
      endDate: nextDay(date),
      start: new Date(localMidnight(date, 'Asia/Tokyo')).toISOString(),
      end: new Date(localMidnight(nextDay(date), 'Asia/Tokyo')).toISOString(),
    });
    expect(mailbox.events.nodes).toEqual([
      { subject: 'Closed today', isAllDay: true, ...tokyoDay(today) },
      { subject: 'Closed later', isAllDay: true, ...tokyoDay(later) },
    ]);
    // Today's Tokyo day is in progress whatever the UTC hour; the later one is next.
    expect(mailbox.currentEvent).toEqual({ subject: 'Closed today', isAllDay: true, ...tokyoDay(today) });
    expect(mailbox.nextEvent).toEqual({
      subject: 'Closed later',
      startDate: later,
      start: tokyoDay(later).start,
    });

    // Availability: busy exactly over Tokyo's day, which begins at 15:00 UTC the day before.
    const dayStart = localMidnight(later, 'Asia/Tokyo');
    const avail = await gql(
      `query($a: [String!]!, $s: DateTime!, $e: DateTime!) { availability(addresses: $a, start: $s, end: $e) { known busy { start end } } }`,
      {
        a: [TOKYO_ROOM],
        s: new Date(dayStart - 2 * 3_600_000).toISOString(),
        e: new Date(dayStart + DAY + 2 * 3_600_000).toISOString(),
      },
    );
    expect(avail.availability).toEqual([
      {
        known: true,
        busy: [{ start: new Date(dayStart).toISOString(), end: new Date(dayStart + DAY).toISOString() }],
      },
    ]);
  });

  it('without MailboxSettings.Read uses the connector’s zone, then the one set through updateMailbox', async () => {
    const { emuId } = await connectRoom(PLAIN_ROOM, 'Asia/Tokyo', ['Calendars.Read'], 'Europe/Berlin');
    const now = Date.now();
    const date = dateIn('UTC', now + 4 * DAY);
    await emulator.emu.control.createEvent(emuId, allDayEvent(date, 'Offsite'));
    await syncFully(PLAIN_ROOM);
    const window = { s: new Date(now - 2 * DAY).toISOString(), e: new Date(now + 10 * DAY).toISOString() };
    const events = async () => (await gql(MAILBOX, { a: PLAIN_ROOM, ...window })).mailbox;

    const before = await events();
    expect(before).toMatchObject({ timeZone: 'Europe/Berlin', timeZoneSource: 'CONNECTOR_DEFAULT' });
    expect(before.events.nodes).toEqual([
      {
        subject: 'Offsite',
        isAllDay: true,
        startDate: date,
        endDate: nextDay(date),
        start: new Date(localMidnight(date, 'Europe/Berlin')).toISOString(),
        end: new Date(localMidnight(nextDay(date), 'Europe/Berlin')).toISOString(),
      },
    ]);

    // Set through the API: the stored event moves at once, no sync needed.
    const updated = await gql(
      `mutation($id: ID!) { updateMailbox(id: $id, input: { timeZone: "america/new_york" }) { timeZone timeZoneSource } }`,
      { id: before.id },
    );
    expect(updated.updateMailbox).toEqual({ timeZone: 'America/New_York', timeZoneSource: 'API' });
    const after = await events();
    expect(after.events.nodes[0]).toMatchObject({
      startDate: date,
      start: new Date(localMidnight(date, 'America/New_York')).toISOString(),
      end: new Date(localMidnight(nextDay(date), 'America/New_York')).toISOString(),
    });

    // A Windows name or an unknown zone is refused with a typed error; nothing changes.
    for (const zone of ['Tokyo Standard Time', 'Mars/Olympus_Mons']) {
      const res = await api.graphql(
        key,
        `mutation($id: ID!, $z: String) { updateMailbox(id: $id, input: { timeZone: $z }) { timeZone } }`,
        { id: before.id, z: zone },
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await events()).timeZone).toBe('America/New_York');
  });
});
