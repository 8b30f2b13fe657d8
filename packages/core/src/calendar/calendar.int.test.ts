import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle, type EventRow } from '../db/index.ts';
import {
  seedConnector,
  seedEvents,
  seedMailbox,
  seedSyncRun,
} from '../../../../tests/support/seed-events.ts';
import { seedTenant } from '../../../../tests/support/seed-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { getAvailability } from './availability.ts';
import { findCurrentAndNextEvents } from './current-and-next.ts';
import { findEvent } from './find-events.ts';
import { listEvents } from './list-events.ts';
import { listSyncRuns } from './list-sync-runs.ts';
import { listEventsOfMailboxes } from './mailbox-events.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let app: DatabaseHandle;
let tenantA: string;
let tenantB: string;
let connectorA: string;
let room1: string;
let room2: string;
let roomB: string;
let seeded: EventRow[];

const day = { start: new Date('2027-03-01T00:00:00Z'), end: new Date('2027-03-02T00:00:00Z') };
const subjects = (rows: EventRow[]): (string | null)[] => rows.map((r) => r.subject);

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl, { max: 2 });
  app = createDatabase(database.appUrl, { max: 4 });
  tenantA = (await seedTenant(admin.db, 'cal-a')).tenantId;
  tenantB = (await seedTenant(admin.db, 'cal-b')).tenantId;
  connectorA = await seedConnector(admin.db, tenantA);
  room1 = (await seedMailbox(admin.db, tenantA, connectorA, 'Room.One@Contoso.example')).id;
  room2 = (await seedMailbox(admin.db, tenantA, connectorA, 'room.two@contoso.example')).id;
  const connectorB = await seedConnector(admin.db, tenantB);
  roomB = (await seedMailbox(admin.db, tenantB, connectorB, 'room.one@fabrikam.example')).id;
  seeded = await seedEvents(admin.db, tenantA, room1, [
    { subject: 'ends at start', start: '2027-02-28T23:00:00Z', end: '2027-03-01T00:00:00Z' },
    { subject: 'overnight', start: '2027-02-28T23:30:00Z', end: '2027-03-01T00:30:00Z' },
    { subject: 'standup', start: '2027-03-01T09:00:00Z', end: '2027-03-01T09:15:00Z' },
    { subject: 'cancelled', start: '2027-03-01T10:00:00Z', end: '2027-03-01T11:00:00Z', isCancelled: true },
    { subject: 'starts at end', start: '2027-03-02T00:00:00Z', end: '2027-03-02T01:00:00Z' },
  ]);
  await seedEvents(admin.db, tenantA, room2, [
    { subject: 'room2 standup', start: '2027-03-01T09:00:00Z', end: '2027-03-01T09:30:00Z' },
  ]);
  await seedEvents(admin.db, tenantB, roomB, [
    { subject: 'tenant B secret', start: '2027-03-01T09:00:00Z', end: '2027-03-01T10:00:00Z' },
  ]);
});

afterAll(async () => {
  await app?.close();
  await admin?.close();
  await database?.drop();
});

describe('listEvents', () => {
  it('returns events overlapping [start, end), excluding touching ones and cancelled ones, ordered by start', async () => {
    const page = await listEvents(app.db, tenantA, { ...day, mailboxIds: [room1], first: 100 });
    expect(subjects(page.nodes)).toEqual(['overnight', 'standup']);
    const withCancelled = await listEvents(app.db, tenantA, {
      ...day,
      mailboxIds: [room1],
      includeCancelled: true,
      first: 100,
    });
    expect(subjects(withCancelled.nodes)).toEqual(['overnight', 'standup', 'cancelled']);
  });

  it('matches addresses case-insensitively and merges mailboxes ordered by start then id', async () => {
    const page = await listEvents(app.db, tenantA, {
      ...day,
      addresses: ['ROOM.ONE@contoso.EXAMPLE', 'Room.Two@Contoso.Example'],
      first: 100,
    });
    expect(subjects(page.nodes).sort()).toEqual(['overnight', 'room2 standup', 'standup']);
    const starts = page.nodes.map((e) => `${e.startAt.toISOString()} ${e.id}`);
    expect(starts).toEqual([...starts].sort());
  });

  it('covers every mailbox of the tenant when none is named, and never another tenant', async () => {
    const page = await listEvents(app.db, tenantA, { ...day, first: 100 });
    expect(subjects(page.nodes)).not.toContain('tenant B secret');
    expect(page.nodes).toHaveLength(3);
    const foreign = await listEvents(app.db, tenantA, { ...day, mailboxIds: [roomB], first: 100 });
    expect(foreign.nodes).toEqual([]);
  });

  it('pages with stable cursors that survive inserts before the cursor', async () => {
    const expected = subjects((await listEvents(app.db, tenantA, { ...day, first: 100 })).nodes);
    const first = await listEvents(app.db, tenantA, { ...day, first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    // Starts before the first page's last row: a cursor must neither repeat nor skip because of it.
    await seedEvents(admin.db, tenantA, room2, [
      { subject: 'late insert', start: '2027-02-28T23:10:00Z', end: '2027-03-01T00:20:00Z' },
    ]);
    const all = subjects(first.nodes);
    let after = first.pageInfo.endCursor;
    while (after) {
      const page = await listEvents(app.db, tenantA, { ...day, first: 1, after });
      all.push(...subjects(page.nodes));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    expect(all).toEqual(expected);
    expect(expected).toHaveLength(3);
  });

  it('rejects bad windows, oversize pages and foreign cursors with BAD_USER_INPUT', async () => {
    await expect(
      listEvents(app.db, tenantA, { start: day.end, end: day.start, first: 10 }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(listEvents(app.db, tenantA, { ...day, first: 501 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(listEvents(app.db, tenantA, { ...day, first: 5, after: 'bm9wZQ' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});

describe('event lookups', () => {
  it('finds an event by id only inside its tenant', async () => {
    const standup = seeded.find((e) => e.subject === 'standup')!;
    expect((await findEvent(app.db, tenantA, standup.id))?.subject).toBe('standup');
    expect(await findEvent(app.db, tenantB, standup.id)).toBeNull();
    expect(await findEvent(app.db, tenantA, 'not-a-uuid')).toBeNull();
  });

  it('pages events of many mailboxes at once, each on its own', async () => {
    const [one, two] = await listEventsOfMailboxes(app.db, tenantA, [
      { mailboxId: room1, ...day, first: 1 },
      { mailboxId: room2, ...day, first: 1 },
    ]);
    expect(subjects(one!.nodes)).toEqual(['overnight']);
    expect(one!.pageInfo.hasNextPage).toBe(true);
    expect(subjects(two!.nodes)).toEqual(['late insert']);
    const [rest] = await listEventsOfMailboxes(app.db, tenantA, [
      { mailboxId: room1, ...day, first: 5, after: one!.pageInfo.endCursor },
    ]);
    expect(subjects(rest!.nodes)).toEqual(['standup']);
  });
});

describe('findCurrentAndNextEvents', () => {
  it('skips cancelled and FREE events and picks current and next per mailbox', async () => {
    const room = (await seedMailbox(admin.db, tenantA, connectorA, 'display@contoso.example')).id;
    await seedEvents(admin.db, tenantA, room, [
      { subject: 'in progress', start: '2027-04-01T09:00:00Z', end: '2027-04-01T10:00:00Z' },
      { subject: 'free hold', start: '2027-04-01T09:30:00Z', end: '2027-04-01T12:00:00Z', showAs: 'FREE' },
      {
        subject: 'cancelled next',
        start: '2027-04-01T10:00:00Z',
        end: '2027-04-01T10:30:00Z',
        isCancelled: true,
      },
      { subject: 'real next', start: '2027-04-01T11:00:00Z', end: '2027-04-01T11:30:00Z' },
    ]);
    const now = new Date('2027-04-01T09:45:00Z');
    const result = await findCurrentAndNextEvents(app.db, tenantA, [room, roomB], now);
    expect(result.get(room)?.current?.subject).toBe('in progress');
    expect(result.get(room)?.next?.subject).toBe('real next');
    expect(result.get(roomB)).toEqual({ current: null, next: null });
    const atEnd = await findCurrentAndNextEvents(app.db, tenantA, [room], new Date('2027-04-01T10:00:00Z'));
    expect(atEnd.get(room)?.current).toBeNull();
  });
});

describe('getAvailability', () => {
  it('merges busy time, ignores FREE/WORKING_ELSEWHERE and marks unknown or never-synced mailboxes', async () => {
    const person = (
      await seedMailbox(admin.db, tenantA, connectorA, 'alex@contoso.example', { kind: 'USER' })
    ).id;
    await seedMailbox(admin.db, tenantA, connectorA, 'fresh@contoso.example', {
      syncStatus: 'NEVER_SYNCED',
      lastSyncedAt: null,
    });
    await seedEvents(admin.db, tenantA, person, [
      { start: '2027-05-03T09:00:00Z', end: '2027-05-03T10:00:00Z', showAs: 'BUSY' },
      { start: '2027-05-03T09:30:00Z', end: '2027-05-03T10:30:00Z', showAs: 'BUSY' },
      { start: '2027-05-03T12:00:00Z', end: '2027-05-03T13:00:00Z', showAs: 'FREE' },
      { start: '2027-05-03T13:00:00Z', end: '2027-05-03T17:00:00Z', showAs: 'WORKING_ELSEWHERE' },
      { start: '2027-05-03T15:00:00Z', end: '2027-05-03T16:00:00Z', showAs: 'TENTATIVE' },
    ]);
    const result = await getAvailability(app.db, tenantA, {
      addresses: [
        'Alex@Contoso.example',
        'fresh@contoso.example',
        'nobody@contoso.example',
        'room.one@fabrikam.example',
      ],
      start: new Date('2027-05-03T00:00:00Z'),
      end: new Date('2027-05-04T00:00:00Z'),
    });
    expect(result.map((r) => [r.address, r.known])).toEqual([
      ['Alex@Contoso.example', true],
      ['fresh@contoso.example', false],
      ['nobody@contoso.example', false],
      ['room.one@fabrikam.example', false],
    ]);
    expect(result[0]!.busy.map((b) => [b.start.toISOString(), b.end.toISOString(), b.showAs])).toEqual([
      ['2027-05-03T09:00:00.000Z', '2027-05-03T10:30:00.000Z', 'BUSY'],
      ['2027-05-03T15:00:00.000Z', '2027-05-03T16:00:00.000Z', 'TENTATIVE'],
    ]);
  });
});

describe('listSyncRuns', () => {
  it('filters by mailbox and status and pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await seedSyncRun(admin.db, tenantA, {
          connectorId: connectorA,
          mailboxId: room2,
          kind: 'DELTA',
          trigger: 'SCHEDULE',
          status: 'SUCCEEDED',
          queuedAt: new Date(Date.UTC(2027, 0, 1, 0, 0, i)),
        }),
      );
    }
    await seedSyncRun(admin.db, tenantA, {
      connectorId: connectorA,
      mailboxId: room2,
      kind: 'FULL',
      trigger: 'MANUAL',
      status: 'FAILED',
    });
    const first = await listSyncRuns(app.db, tenantA, { mailboxId: room2, status: 'SUCCEEDED', first: 2 });
    const second = await listSyncRuns(app.db, tenantA, {
      mailboxId: room2,
      status: 'SUCCEEDED',
      first: 2,
      after: first.pageInfo.endCursor,
    });
    expect([...first.nodes, ...second.nodes].map((r) => r.id)).toEqual([...ids].reverse());
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await listSyncRuns(app.db, tenantB, { mailboxId: room2, first: 10 })).nodes).toEqual([]);
  });
});
