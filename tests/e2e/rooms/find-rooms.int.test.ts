import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@calsync/api';
import { createDatabase, roomDetails, type DatabaseHandle } from '@calsync/core';
import { seedConnector, seedEvents, seedMailbox, type EventSeed } from '../../support/seed-events.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';
import { localMidnight } from './support/free-rooms-truth.ts';

// docs/rooms.md: findRooms against rows the test controls; the emulator-backed ground truth is in
// rooms-full-stack.int.test.ts.
let api: TestApi;
let owner: DatabaseHandle;
let keyA: string;
let keyB: string;

const INTERVAL = { start: '2027-06-01T14:00:00Z', end: '2027-06-01T15:00:00Z' };
const FIND = `query($start: DateTime!, $end: DateTime!, $filter: FindRoomsFilter, $includeUnknown: Boolean, $first: Int, $after: String) {
  findRooms(start: $start, end: $end, filter: $filter, includeUnknown: $includeUnknown, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { availabilityKnown freeFrom freeUntil mailbox { displayName } room { capacity } }
  }
}`;

interface RoomSeed {
  name: string;
  details?: Partial<typeof roomDetails.$inferInsert> | undefined;
  events?: EventSeed[] | undefined;
  mailbox?: Record<string, unknown> | undefined;
}

// All-day events are dates placed at their midnights in the mailbox's zone, as a sync stores them.
const allDay = (date: string, next: string, timeZone: string): EventSeed => ({
  start: new Date(localMidnight(date, timeZone)),
  end: new Date(localMidnight(next, timeZone)),
  startDate: date,
  endDate: next,
  isAllDay: true,
  timeZone,
});

const ROOMS: RoomSeed[] = [
  {
    name: 'Alpha',
    details: { capacity: 8 },
    events: [
      { start: '2027-06-01T12:00:00Z', end: '2027-06-01T13:30:00Z' },
      { start: '2027-06-01T16:00:00Z', end: '2027-06-01T17:00:00Z' },
    ],
  },
  // Its all-day event on 2 June is Los Angeles' day: it starts 07:00 UTC, not at UTC midnight.
  {
    name: 'LA Room',
    details: { capacity: 8 },
    events: [allDay('2027-06-02', '2027-06-03', 'America/Los_Angeles')],
    mailbox: { settingsTimeZone: 'America/Los_Angeles' },
  },
  // Tokyo's 2 June starts 1 June 15:00 UTC: free, but only until then.
  {
    name: 'Tokyo Room',
    details: { capacity: 8 },
    events: [allDay('2027-06-02', '2027-06-03', 'Asia/Tokyo')],
    mailbox: { settingsTimeZone: 'Asia/Tokyo' },
  },
  // Auckland's 2 June starts 1 June 12:00 UTC: it covers the interval although its UTC date is the next day.
  {
    name: 'Auckland Room',
    details: { capacity: 8 },
    events: [allDay('2027-06-02', '2027-06-03', 'Pacific/Auckland')],
    mailbox: { settingsTimeZone: 'Pacific/Auckland' },
  },
  {
    name: 'Ten',
    details: { capacity: 10 },
    events: [
      { ...INTERVAL, isCancelled: true },
      { ...INTERVAL, showAs: 'FREE' },
      { ...INTERVAL, showAs: 'WORKING_ELSEWHERE' },
    ],
  },
  {
    name: 'Twelve',
    details: { capacity: 12 },
    events: [{ start: '2027-06-01T14:30:00Z', end: '2027-06-01T15:30:00Z', showAs: 'TENTATIVE' }],
  },
  {
    name: 'Big',
    details: {
      capacity: 20,
      building: 'HQ',
      isWheelChairAccessible: true,
      displayDeviceName: 'Surface Hub',
      tags: ['Whiteboard'],
      roomLists: ['hq@contoso.example'],
      floorNumber: 2,
    },
  },
  // Three weeks long: found although it starts long before the searched span.
  {
    name: 'Renovation',
    details: { capacity: 8 },
    events: [{ start: '2027-05-15T00:00:00Z', end: '2027-06-05T00:00:00Z' }],
  },
  { name: 'Unknown', details: { capacity: 8 }, mailbox: { syncStatus: 'NEVER_SYNCED', lastSyncedAt: null } },
  { name: 'Reserved', details: { capacity: 8, bookingType: 'RESERVED' } },
  { name: 'Small', details: { capacity: 4 } },
  { name: 'Off', details: { capacity: 8 }, mailbox: { enabled: false } },
  { name: 'No metadata' },
];

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  const a = await createTenantViaApi(api, 'rooms-a');
  const b = await createTenantViaApi(api, 'rooms-b');
  keyA = a.adminKey;
  keyB = b.adminKey;
  const connector = await seedConnector(owner.db, a.tenantId);
  for (const room of ROOMS) {
    const local = room.name.toLowerCase().replace(/\W+/g, '-');
    const mailbox = await seedMailbox(owner.db, a.tenantId, connector, `${local}@contoso.example`, {
      displayName: room.name,
      ...room.mailbox,
    });
    if (room.details)
      await owner.db
        .insert(roomDetails)
        .values({ tenantId: a.tenantId, mailboxId: mailbox.id, ...room.details });
    await seedEvents(owner.db, a.tenantId, mailbox.id, room.events ?? []);
  }
  const other = await seedMailbox(
    owner.db,
    b.tenantId,
    await seedConnector(owner.db, b.tenantId),
    'b@fabrikam.example',
    {
      displayName: 'Fabrikam room',
    },
  );
  await owner.db.insert(roomDetails).values({ tenantId: b.tenantId, mailboxId: other.id, capacity: 8 });
});
afterAll(async () => {
  await owner?.close();
  await api?.close();
});

const find = async (vars: Record<string, unknown> = {}, key = keyA) => {
  const { body } = await api.graphql(key, FIND, { ...INTERVAL, ...vars });
  expect(body.errors).toBeUndefined();
  return body.data.findRooms as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      availabilityKnown: boolean;
      freeFrom: string | null;
      freeUntil: string | null;
      mailbox: { displayName: string };
    }>;
  };
};
const names = (page: Awaited<ReturnType<typeof find>>) => page.nodes.map((n) => n.mailbox.displayName);

describe('findRooms', () => {
  it('answers the free rooms with enough seats, best fit first, with freeFrom/freeUntil', async () => {
    const page = await find({ filter: { minCapacity: 8 } });
    expect(names(page)).toEqual(['Alpha', 'LA Room', 'Tokyo Room', 'Ten', 'Big']);
    expect(page.totalCount).toBe(5);
    expect(page.nodes[0]).toMatchObject({
      availabilityKnown: true,
      freeFrom: '2027-06-01T13:30:00.000Z',
      freeUntil: '2027-06-01T16:00:00.000Z',
    });
    expect(page.nodes[1]).toMatchObject({ freeFrom: null, freeUntil: '2027-06-02T07:00:00.000Z' });
    expect(page.nodes[2]).toMatchObject({ freeFrom: null, freeUntil: '2027-06-01T15:00:00.000Z' });
  });

  it('lists rooms without metadata last and leaves out reserved, disabled and unknown rooms', async () => {
    expect(names(await find())).toEqual([
      'Small',
      'Alpha',
      'LA Room',
      'Tokyo Room',
      'Ten',
      'Big',
      'No metadata',
    ]);
    const withReserved = await find({ filter: { minCapacity: 8, includeReserved: true } });
    expect(names(withReserved)).toEqual(['Alpha', 'LA Room', 'Reserved', 'Tokyo Room', 'Ten', 'Big']);
  });

  it('flags rooms whose calendar was never synced when asked for them', async () => {
    const page = await find({ filter: { minCapacity: 8 }, includeUnknown: true });
    expect(names(page)).toEqual(['Alpha', 'LA Room', 'Tokyo Room', 'Unknown', 'Ten', 'Big']);
    expect(page.nodes.find((n) => n.mailbox.displayName === 'Unknown')?.availabilityKnown).toBe(false);
  });

  it('applies every criterion of the filter', async () => {
    const filter = {
      building: 'hq',
      floor: 2,
      roomList: 'HQ@contoso.example',
      tags: ['whiteboard'],
      wheelchair: true,
      features: ['DISPLAY'],
    };
    expect(names(await find({ filter }))).toEqual(['Big']);
    expect(names(await find({ filter: { ...filter, features: ['DISPLAY', 'AUDIO'] } }))).toEqual([]);
  });

  it('pages with a cursor and keeps tenants apart', async () => {
    const first = await find({ filter: { minCapacity: 8 }, first: 2 });
    expect(names(first)).toEqual(['Alpha', 'LA Room']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await find({ filter: { minCapacity: 8 }, first: 2, after: first.pageInfo.endCursor });
    expect(names(second)).toEqual(['Tokyo Room', 'Ten']);
    const third = await find({ filter: { minCapacity: 8 }, first: 2, after: second.pageInfo.endCursor });
    expect(names(third)).toEqual(['Big']);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.totalCount).toBe(5);
    expect(names(await find({}, keyB))).toEqual(['Fabrikam room']);
  });

  it('answers bad input with typed errors', async () => {
    const codes = async (vars: Record<string, unknown>) =>
      ((await api.graphql(keyA, FIND, { ...INTERVAL, ...vars })).body.errors ?? []).map(
        (e: { extensions?: { code?: string } }) => e.extensions?.code,
      );
    expect(await codes({ end: INTERVAL.start })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ first: 0 })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ filter: { minCapacity: -3 } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ filter: { tags: [''] } })).toEqual(['BAD_USER_INPUT']);
  });
});

describe('findRooms statements', () => {
  let counted: FastifyInstance;
  let countingDb: DatabaseHandle;
  const statements: string[] = [];

  beforeAll(async () => {
    // The app role's connection: row-level security applies to every statement it runs.
    countingDb = createDatabase(api.database.appUrl, { onQuery: (text) => statements.push(text) });
    counted = await buildApp({ config: api.config, core: { ...api.core, db: countingDb.db } });
  });
  afterAll(async () => {
    await counted?.close();
    await countingDb?.close();
  });

  const request = () =>
    counted.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keyA}` },
      payload: { query: FIND, variables: { ...INTERVAL, includeUnknown: true } },
    });

  it('answers the whole set with one statement in one tenant transaction, whatever the number of rooms', async () => {
    await request(); // authentication is cached after the first request
    statements.length = 0;
    const body = (await request()).json();
    expect(body.data.findRooms.totalCount).toBe(8);
    expect(statements.map((s) => s.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase())).toEqual([
      'begin',
      "select set_config('app.tenant_id', $1,",
      'with rooms as',
      'commit',
    ]);
    expect(statements[1]).toMatch(/, true\)$/);
  });
});
