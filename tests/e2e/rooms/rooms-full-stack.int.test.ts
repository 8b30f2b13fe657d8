// Rooms end to end: the API (in-process), the real worker process and the emulator's seeded
// organisation. Metadata and free rooms are checked against the emulator's own places and calendars.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { freeRoomsTruth, localMidnight } from './support/free-rooms-truth.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let key: string;
let connectorId: string;
let tenantId: string;

const LISTS = ['rooms-berlin@contoso.com', 'rooms-newyork@contoso.com', 'rooms-tokyo@contoso.com'];
const HOUR = 3_600_000;

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const ROOMS = `query { mailboxes(filter: { kind: ROOM }, first: 100) { nodes { address syncStatus room {
  capacity building floorNumber floorLabel roomLists bookingType isWheelChairAccessible audioDeviceName
  videoDeviceName displayDeviceName tags nickname label geoCoordinates { latitude longitude } } } } }`;

const freeRooms = async (start: Date, end: Date, includeReserved: boolean): Promise<string[]> => {
  const data = await gql(
    `query($s: DateTime!, $e: DateTime!, $f: FindRoomsFilter) { findRooms(start: $s, end: $e, filter: $f, first: 200) { nodes { mailbox { address } } } }`,
    { s: start.toISOString(), e: end.toISOString(), f: { includeReserved } },
  );
  return data.findRooms.nodes.map((n: { mailbox: { address: string } }) => n.mailbox.address).sort();
};

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api } = stack);
  key = (await createTenantViaApi(api, 'rooms-e2e')).adminKey;
  const seed = emulator.emu.state.seedSummary!;
  tenantId = seed.tenantId;
  // Rooms' all-day events are read in each room's own zone, from its mailbox settings.
  const app = await emulator.emu.control.getApp(seed.clientId);
  await emulator.emu.control.setRoles(seed.clientId, [...app.roles, 'MailboxSettings.Read']);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('rooms: API + worker + emulator', () => {
  it('adds the tracked room lists’ rooms with metadata equal to the emulator’s places', async () => {
    const seed = emulator.emu.state.seedSummary!;
    const created = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'Contoso',
          azureTenantId: seed.tenantDomain,
          clientId: seed.clientId,
          clientSecret: seed.clientSecret,
          syncWindow: { pastDays: 7, futureDays: 30 },
          autoAddRoomsFrom: LISTS,
        },
      },
    );
    connectorId = created.createConnector.id;
    // The connector's first tick finds the directory due and queues the job on the directory queue.
    const report = `query($id: ID!) { connector(id: $id) { roomDirectory { ok added } } }`;
    await waitFor(
      async () => (await gql(report, { id: connectorId })).connector.roomDirectory?.ok === true,
      60_000,
      'the first room directory run',
    );

    const places = await emulator.get(
      '/v1.0/places/microsoft.graph.room?$top=999',
      await emulator.seededToken(),
    );
    const expected = (places.json as { value: Record<string, any>[] }).value.map((p) => ({
      address: String(p.emailAddress).toLowerCase(),
      room: {
        capacity: Number(p.capacity),
        building: p.building,
        floorNumber: p.floorNumber,
        floorLabel: p.floorLabel,
        roomLists: [`rooms-${String(p.emailAddress).split('-')[0]}@contoso.com`],
        bookingType: String(p.bookingType).toUpperCase(),
        isWheelChairAccessible: p.isWheelChairAccessible,
        audioDeviceName: p.audioDeviceName,
        videoDeviceName: p.videoDeviceName,
        displayDeviceName: p.displayDeviceName,
        tags: p.tags,
        nickname: p.nickname,
        label: p.label,
        geoCoordinates: p.geoCoordinates,
      },
    }));
    const stored = (await gql(ROOMS)).mailboxes.nodes.map(({ address, room }: any) => ({ address, room }));
    expect(stored).toHaveLength(12);
    expect(stored).toEqual(expected.sort((a, b) => a.address.localeCompare(b.address)));
  });

  it('adds a room that joins a tracked room list once the directory job ran', async () => {
    await emulator.emu.control.createMailbox({
      tenantId,
      address: 'berlin-museumsinsel@contoso.com',
      displayName: 'Berlin HQ Museumsinsel',
      kind: 'room',
      timeZone: 'Europe/Berlin',
      room: { capacity: 30, building: 'Berlin HQ', roomListAddress: 'rooms-berlin@contoso.com' },
    });
    await gql(`mutation($id: ID!) { refreshRoomDirectory(connectorId: $id) { id } }`, { id: connectorId });
    await waitFor(
      async () =>
        (await gql(ROOMS)).mailboxes.nodes.some(
          (m: any) => m.address === 'berlin-museumsinsel@contoso.com' && m.room?.capacity === 30,
        ),
      60_000,
      'the new room',
    );
  });

  it('finds exactly the rooms the emulator’s calendars leave free', { timeout: 150_000 }, async () => {
    const rooms = emulator.emu.state.directory.listMailboxes(tenantId).filter((m) => m.kind === 'room');
    const tokyo = rooms.find((m) => m.timeZone === 'Asia/Tokyo')!;
    const berlin = rooms.find((m) => m.timeZone === 'Europe/Berlin')!;
    const now = Date.now();
    // An all-day event on a Tokyo date three days out: its day starts at 15:00 UTC the day before.
    const tokyoDate = new Date(now + 3 * 24 * HOUR).toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' });
    const nextDate = new Date(Date.parse(`${tokyoDate}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
    await emulator.emu.control.createEvent(tokyo.id, {
      subject: 'Closed for cleaning',
      isAllDay: true,
      start: { dateTime: `${tokyoDate}T00:00:00`, timeZone: 'Asia/Tokyo' },
      end: { dateTime: `${nextDate}T00:00:00`, timeZone: 'Asia/Tokyo' },
    });
    const tokyoDayStart = new Date(localMidnight(tokyoDate, 'Asia/Tokyo'));
    // In Berlin: a cancelled booking (the room's copy stays, marked cancelled) and a FREE hold.
    const berlinSlot = new Date(Math.ceil((now + 2 * 24 * HOUR) / HOUR) * HOUR);
    const slotEnd = new Date(berlinSlot.getTime() + HOUR);
    const utc = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
    const cancelled = await emulator.emu.control.createEvent(berlin.id, {
      subject: 'Called off',
      isOrganizer: false,
      start: utc(berlinSlot),
      end: utc(slotEnd),
    });
    await emulator.emu.control.cancelEvent(berlin.id, cancelled.id);
    await emulator.emu.control.createEvent(berlin.id, {
      subject: 'Tentative hold',
      showAs: 'free',
      start: utc(berlinSlot),
      end: utc(slotEnd),
    });

    const since = new Date().toISOString();
    await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, { id: connectorId });
    const synced = `query { mailboxes(filter: { kind: ROOM }, first: 100) { nodes { syncStatus lastSyncedAt } } }`;
    await waitFor(
      async () =>
        (await gql(synced)).mailboxes.nodes.every(
          (m: any) => m.syncStatus === 'OK' && m.lastSyncedAt !== null && m.lastSyncedAt > since,
        ),
      120_000,
      'every room synced',
    );

    const intervals: [Date, Date][] = [
      [new Date(tokyoDayStart.getTime() + 30 * 60_000), new Date(tokyoDayStart.getTime() + 90 * 60_000)],
      [new Date(tokyoDayStart.getTime() - HOUR), tokyoDayStart],
      [berlinSlot, slotEnd],
      [new Date(Math.ceil(now / HOUR) * HOUR), new Date(Math.ceil(now / HOUR) * HOUR + HOUR)],
      [new Date(now + 24 * HOUR), new Date(now + 26 * HOUR)],
    ];
    const reserved = new Set(
      rooms.filter((m) => m.room?.bookingType === 'reserved').map((m) => m.address.toLowerCase()),
    );
    for (const [start, end] of intervals) {
      const truth = freeRoomsTruth(emulator.emu, tenantId, start, end);
      expect(await freeRooms(start, end, true), `${start.toISOString()}–${end.toISOString()}`).toEqual(truth);
      expect(await freeRooms(start, end, false)).toEqual(truth.filter((a) => !reserved.has(a)));
    }
    const first = intervals[0]!;
    expect(freeRoomsTruth(emulator.emu, tenantId, first[0], first[1])).not.toContain(tokyo.address);
    expect(freeRoomsTruth(emulator.emu, tenantId, berlinSlot, slotEnd)).toContain(berlin.address);
  });

  it('keeps syncing calendars while a slow directory job is in flight', { timeout: 150_000 }, async () => {
    const report = `query($id: ID!) { connector(id: $id) { roomDirectory { ok finishedAt } } }`;
    const before = (await gql(report, { id: connectorId })).connector.roomDirectory.finishedAt;
    // Three /places reads of the next run answer after 15 s each: the run takes 45 s or more.
    await emulator.emu.control.addFault({ route: 'places', type: 'latency', ms: 15_000, count: 3 });
    const placesBefore = (await emulator.emu.control.requests({ route: 'places' })).length;
    await gql(`mutation($id: ID!) { refreshRoomDirectory(connectorId: $id) { id } }`, { id: connectorId });
    await waitFor(
      async () => (await emulator.emu.control.requests({ route: 'places' })).length > placesBefore,
      30_000,
      'the directory job to start reading /places',
    );

    const since = new Date().toISOString();
    await gql(`mutation($id: ID!) { syncConnector(id: $id) { enqueued } }`, { id: connectorId });
    const synced = `query { mailboxes(filter: { kind: ROOM }, first: 100) { nodes { syncStatus lastSyncedAt } } }`;
    await waitFor(
      async () =>
        (await gql(synced)).mailboxes.nodes.every(
          (m: any) => m.syncStatus === 'OK' && m.lastSyncedAt !== null && m.lastSyncedAt > since,
        ),
      35_000,
      'every room synced while the directory job waits on /places',
    );
    // Every calendar synced, and the directory run that started first has not finished.
    expect((await gql(report, { id: connectorId })).connector.roomDirectory.finishedAt).toBe(before);

    await waitFor(
      async () => {
        const now = (await gql(report, { id: connectorId })).connector.roomDirectory;
        return now.finishedAt !== before;
      },
      100_000,
      'the slow directory run to finish',
    );
    expect((await gql(report, { id: connectorId })).connector.roomDirectory.ok).toBe(true);
  });
});
