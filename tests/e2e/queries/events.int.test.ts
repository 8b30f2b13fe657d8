import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@calsync/api';
import { createDatabase, type DatabaseHandle } from '@calsync/core';
import { seedConnector, seedEvents, seedMailbox, seedSyncRun } from '../../support/seed-events.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let owner: DatabaseHandle;
let keyA: string;
let keyB: string;
let roomA: string;
let roomA2: string;
let roomB: string;
let connectorA: string;
let breakfast: { id: string; sourceId: string };

const DAY = { start: '2027-06-01T00:00:00Z', end: '2027-06-02T00:00:00Z' };
const EVENTS = `query($mailboxIds: [ID!], $addresses: [String!], $start: DateTime!, $end: DateTime!, $first: Int, $after: String, $includeCancelled: Boolean) {
  events(mailboxIds: $mailboxIds, addresses: $addresses, start: $start, end: $end, first: $first, after: $after, includeCancelled: $includeCancelled) {
    nodes { id subject start end isCancelled showAs mailbox { id address connector { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const codes = (body: { errors?: any[] }): string[] => (body.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  const a = await createTenantViaApi(api, 'events-a');
  const b = await createTenantViaApi(api, 'events-b');
  keyA = a.adminKey;
  keyB = b.adminKey;
  connectorA = await seedConnector(owner.db, a.tenantId, 'Contoso');
  roomA = (
    await seedMailbox(owner.db, a.tenantId, connectorA, 'Board.Room@contoso.example', {
      displayName: 'Board Room',
    })
  ).id;
  roomA2 = (await seedMailbox(owner.db, a.tenantId, connectorA, 'small.room@contoso.example')).id;
  roomB = (
    await seedMailbox(
      owner.db,
      b.tenantId,
      await seedConnector(owner.db, b.tenantId),
      'room@fabrikam.example',
    )
  ).id;
  const roomAEvents = await seedEvents(owner.db, a.tenantId, roomA, [
    { subject: 'ends at start', start: '2027-05-31T23:00:00Z', end: '2027-06-01T00:00:00Z' },
    { subject: 'breakfast', start: '2027-06-01T08:00:00Z', end: '2027-06-01T09:00:00Z' },
    { subject: 'cancelled', start: '2027-06-01T10:00:00Z', end: '2027-06-01T11:00:00Z', isCancelled: true },
    { subject: 'review', start: '2027-06-01T13:00:00Z', end: '2027-06-01T14:00:00Z' },
  ]);
  breakfast = roomAEvents.find((e) => e.subject === 'breakfast')!;
  await seedEvents(owner.db, a.tenantId, roomA2, [
    { subject: 'one-on-one', start: '2027-06-01T08:30:00Z', end: '2027-06-01T09:00:00Z' },
  ]);
  await seedEvents(owner.db, b.tenantId, roomB, [
    { subject: 'B only', start: '2027-06-01T08:00:00Z', end: '2027-06-01T09:00:00Z' },
  ]);
});

afterAll(async () => {
  await owner?.close();
  await api?.close();
});

describe('Query.events', () => {
  it('returns overlapping, non-cancelled events ordered by start with their mailbox and connector', async () => {
    const { body } = await api.graphql(keyA, EVENTS, { ...DAY, mailboxIds: [roomA] });
    expect(body.errors).toBeUndefined();
    const nodes = body.data.events.nodes;
    expect(nodes.map((n: any) => n.subject)).toEqual(['breakfast', 'review']);
    expect(nodes[0]).toMatchObject({
      start: '2027-06-01T08:00:00.000Z',
      end: '2027-06-01T09:00:00.000Z',
      showAs: 'BUSY',
    });
    expect(nodes[0].mailbox).toMatchObject({
      id: roomA,
      address: 'board.room@contoso.example',
      connector: { id: connectorA, name: 'Contoso' },
    });
    const withCancelled = await api.graphql(keyA, EVENTS, {
      ...DAY,
      mailboxIds: [roomA],
      includeCancelled: true,
    });
    expect(withCancelled.body.data.events.nodes.map((n: any) => n.subject)).toEqual([
      'breakfast',
      'cancelled',
      'review',
    ]);
  });

  it("serves the provider's event id as sourceId, and graphId as its deprecated alias with the same value", async () => {
    const { body } = await api.graphql(
      keyA,
      `query($id: ID!) {
        event(id: $id) { sourceId graphId }
        __type(name: "Event") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      }`,
      { id: breakfast.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.event).toEqual({ sourceId: breakfast.sourceId, graphId: breakfast.sourceId });
    const fields = new Map(body.data.__type.fields.map((f: any) => [f.name, f]));
    expect(fields.get('sourceId')).toMatchObject({ isDeprecated: false });
    expect(fields.get('graphId')).toMatchObject({ isDeprecated: true });
    expect((fields.get('graphId') as any).deprecationReason).toContain('sourceId');
  });

  it('matches addresses case-insensitively and pages all mailboxes with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { body }: any = await api.graphql(keyA, EVENTS, {
        ...DAY,
        addresses: ['BOARD.room@Contoso.example', 'Small.Room@contoso.example'],
        first: 1,
        after,
      });
      seen.push(...body.data.events.nodes.map((n: any) => n.subject));
      after = body.data.events.pageInfo.hasNextPage ? body.data.events.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['breakfast', 'one-on-one', 'review']);
  });

  it('enforces first ≤ 500, start < end and a 366-day span with BAD_USER_INPUT', async () => {
    expect(codes((await api.graphql(keyA, EVENTS, { ...DAY, first: 501 })).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await api.graphql(keyA, EVENTS, { start: DAY.end, end: DAY.start })).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        (await api.graphql(keyA, EVENTS, { start: '2027-01-01T00:00:00Z', end: '2028-01-03T00:00:00Z' }))
          .body,
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes((await api.graphql(keyA, EVENTS, { ...DAY, after: 'garbage' })).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('never shows another tenant’s events, by id, by address or by listing', async () => {
    const listing = await api.graphql(keyB, EVENTS, DAY);
    expect(listing.body.data.events.nodes.map((n: any) => n.subject)).toEqual(['B only']);
    const probe = await api.graphql(keyB, EVENTS, {
      ...DAY,
      mailboxIds: [roomA],
      addresses: ['board.room@contoso.example'],
    });
    expect(probe.body.data.events.nodes).toEqual([]);
    const own = await api.graphql(keyA, EVENTS, { ...DAY, mailboxIds: [roomA] });
    const id = own.body.data.events.nodes[0].id;
    expect(
      (await api.graphql(keyA, `query($id: ID!) { event(id: $id) { subject } }`, { id })).body.data.event
        .subject,
    ).toBe('breakfast');
    expect(
      (await api.graphql(keyB, `query($id: ID!) { event(id: $id) { subject } }`, { id })).body.data.event,
    ).toBeNull();
  });
});

describe('Mailbox event fields and availability', () => {
  it('gives each mailbox its current and next event (not cancelled, not FREE) and its own events page', async () => {
    const tenant = await createTenantViaApi(api, 'display');
    const viewer = await api.graphql(tenant.adminKey, '{ viewer { tenant { id } } }');
    const tenantId = viewer.body.data.viewer.tenant.id;
    const connector = await seedConnector(owner.db, tenantId);
    const room = (await seedMailbox(owner.db, tenantId, connector, 'lobby@display.example')).id;
    const now = Date.now();
    const at = (minutes: number): Date => new Date(now + minutes * 60_000);
    await seedEvents(owner.db, tenantId, room, [
      { subject: 'now', start: at(-30), end: at(30) },
      { subject: 'free block', start: at(-10), end: at(120), showAs: 'FREE' },
      { subject: 'cancelled soon', start: at(40), end: at(50), isCancelled: true },
      { subject: 'next', start: at(60), end: at(90) },
    ]);
    const { body } = await api.graphql(
      tenant.adminKey,
      `query($address: String, $start: DateTime!, $end: DateTime!) { mailbox(address: $address) {
        currentEvent { subject } nextEvent { subject } events(start: $start, end: $end) { nodes { subject } } } }`,
      { address: 'LOBBY@display.example', start: at(-60).toISOString(), end: at(180).toISOString() },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.mailbox.currentEvent.subject).toBe('now');
    expect(body.data.mailbox.nextEvent.subject).toBe('next');
    expect(body.data.mailbox.events.nodes.map((n: any) => n.subject)).toEqual(['now', 'free block', 'next']);

    // A board's page of rooms: the same answers, fetched ahead for the whole page (a room with
    // nothing on gets nulls), also through a fragment.
    await seedMailbox(owner.db, tenantId, connector, 'quiet@display.example');
    const board = await api.graphql(
      tenant.adminKey,
      `{ mailboxes(first: 10) { nodes { address ...Now nextEvent { subject } } } }
       fragment Now on Mailbox { currentEvent { subject } }`,
    );
    expect(board.body.errors).toBeUndefined();
    expect(board.body.data.mailboxes.nodes).toEqual([
      { address: 'lobby@display.example', currentEvent: { subject: 'now' }, nextEvent: { subject: 'next' } },
      { address: 'quiet@display.example', currentEvent: null, nextEvent: null },
    ]);
  });

  it('answers availability with merged busy intervals and known=false for unknown mailboxes', async () => {
    const { body } = await api.graphql(
      keyA,
      `query($a: [String!]!, $start: DateTime!, $end: DateTime!) { availability(addresses: $a, start: $start, end: $end) { address known busy { start end showAs } } }`,
      { a: ['Board.Room@Contoso.example', 'room@fabrikam.example'], ...DAY },
    );
    expect(body.data.availability).toEqual([
      {
        address: 'Board.Room@Contoso.example',
        known: true,
        busy: [
          { start: '2027-06-01T08:00:00.000Z', end: '2027-06-01T09:00:00.000Z', showAs: 'BUSY' },
          { start: '2027-06-01T13:00:00.000Z', end: '2027-06-01T14:00:00.000Z', showAs: 'BUSY' },
        ],
      },
      { address: 'room@fabrikam.example', known: false, busy: [] },
    ]);
  });

  it('lists sync runs with filters', async () => {
    const viewer = await api.graphql(keyA, '{ viewer { tenant { id } } }');
    await seedSyncRun(owner.db, viewer.body.data.viewer.tenant.id, {
      connectorId: connectorA,
      mailboxId: roomA,
      kind: 'FULL',
      trigger: 'MANUAL',
      status: 'FAILED',
      errorCode: 'ErrorAccessDenied',
    });
    const { body } = await api.graphql(
      keyA,
      `query($m: ID) { syncRuns(mailboxId: $m, status: FAILED) { nodes { mailboxId kind trigger status errorCode } pageInfo { hasNextPage } } }`,
      { m: roomA },
    );
    expect(body.data.syncRuns.nodes).toEqual([
      { mailboxId: roomA, kind: 'FULL', trigger: 'MANUAL', status: 'FAILED', errorCode: 'ErrorAccessDenied' },
    ]);
    expect(
      (await api.graphql(keyB, `query($m: ID) { syncRuns(mailboxId: $m) { nodes { id } } }`, { m: roomA }))
        .body.data.syncRuns.nodes,
    ).toEqual([]);
  });
});

describe('statement count', () => {
  let counted: FastifyInstance;
  let countingDb: DatabaseHandle;
  const statements: string[] = [];

  beforeAll(async () => {
    countingDb = createDatabase(api.database.appUrl, { onQuery: (sql) => statements.push(sql) });
    counted = await buildApp({ config: api.config, core: { ...api.core, db: countingDb.db } });
  });
  afterAll(async () => {
    await counted?.close();
    await countingDb?.close();
  });

  it('serves 100 events with mailbox and connector in a small constant number of statements', async () => {
    const viewer = await api.graphql(keyA, '{ viewer { tenant { id } } }');
    const tenantId = viewer.body.data.viewer.tenant.id;
    const rooms = [];
    for (let i = 0; i < 10; i++)
      rooms.push((await seedMailbox(owner.db, tenantId, connectorA, `count-${i}@contoso.example`)).id);
    await Promise.all(
      rooms.map((room, r) =>
        seedEvents(
          owner.db,
          tenantId,
          room,
          Array.from({ length: 10 }, (_, i) => ({
            start: new Date(Date.UTC(2027, 7, 1, i, r)),
            end: new Date(Date.UTC(2027, 7, 1, i, r + 30)),
          })),
        ),
      ),
    );
    const request = { start: '2027-08-01T00:00:00Z', end: '2027-08-02T00:00:00Z', first: 100 };
    await counted.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keyA}` },
      payload: { query: EVENTS, variables: request },
    });
    statements.length = 0;
    const response = await counted.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keyA}` },
      payload: { query: EVENTS, variables: request },
    });
    const body = response.json();
    expect(body.data.events.nodes).toHaveLength(100);
    expect(new Set(body.data.events.nodes.map((n: any) => n.mailbox.connector.id))).toEqual(
      new Set([connectorA]),
    );
    // events, then Event.mailbox, then Mailbox.connector: one tenant transaction each
    // (begin, set_config, select, commit), whatever the number of events or mailboxes.
    const selects = statements.filter((s) => /^\s*select/i.test(s) && !/set_config/.test(s));
    expect(selects).toHaveLength(3);
    expect(statements.length).toBeLessThanOrEqual(12);
  });
});
