import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, publishEventChanges, type DatabaseHandle } from '@calsync/core';
import { connectGraphqlWs as connect } from '../../support/graphql-ws-client.ts';
import { seedConnector, seedEvents, seedMailbox } from '../../support/seed-events.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hoursFromNow * HOUR);

let api: TestApi;
let owner: DatabaseHandle;
let tenant: { tenantId: string; adminKey: string };
let lobby: string;
let boardroom: string;
let ceo: string;

const WINDOW = { start: at(-48).toISOString(), end: at(48).toISOString() };
const EVENTS = `query($ids: [ID!], $addresses: [String!], $start: DateTime!, $end: DateTime!) {
  events(mailboxIds: $ids, addresses: $addresses, start: $start, end: $end) { nodes { subject mailbox { address } } } }`;

async function displayToken(input: Record<string, unknown>) {
  const { body } = await api.graphql(
    tenant.adminKey,
    `mutation($input: CreateDisplayTokenInput!) { createDisplayToken(input: $input) {
       token { id purpose mailboxIds mailboxes { address } } secret boardPath } }`,
    { input },
  );
  return body;
}

async function feedToken(input: Record<string, unknown>) {
  const { body } = await api.graphql(
    tenant.adminKey,
    `mutation($input: CreateFeedTokenInput!) { createFeedToken(input: $input) { token { id prefix } secret feedPath } }`,
    { input },
  );
  return body;
}

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  tenant = await createTenantViaApi(api, 'scoped');
  const connector = await seedConnector(owner.db, tenant.tenantId);
  lobby = (
    await seedMailbox(owner.db, tenant.tenantId, connector, 'lobby@scoped.example', { displayName: 'Lobby' })
  ).id;
  boardroom = (await seedMailbox(owner.db, tenant.tenantId, connector, 'boardroom@scoped.example')).id;
  ceo = (await seedMailbox(owner.db, tenant.tenantId, connector, 'ceo@scoped.example', { kind: 'USER' })).id;
  await seedEvents(owner.db, tenant.tenantId, lobby, [
    { subject: 'Lobby stand-up', start: at(1), end: at(2) },
    { subject: 'Lobby cancelled', start: at(3), end: at(4), isCancelled: true },
  ]);
  await seedEvents(owner.db, tenant.tenantId, boardroom, [
    { subject: 'Board meeting', start: at(1), end: at(3) },
  ]);
  await seedEvents(owner.db, tenant.tenantId, ceo, [{ subject: 'CEO 1:1', start: at(1), end: at(2) }]);
});

afterAll(async () => {
  await owner?.close();
  await api?.close();
});

describe('display tokens', () => {
  it('are created by address with a board link, and read only their own mailboxes', async () => {
    const created = await displayToken({
      name: 'Lobby screen',
      addresses: ['Lobby@scoped.example', 'boardroom@scoped.example'],
    });
    expect(created.errors).toBeUndefined();
    const { token, secret, boardPath } = created.data.createDisplayToken;
    expect(token.purpose).toBe('DISPLAY');
    expect(token.mailboxes.map((m: any) => m.address).sort()).toEqual([
      'boardroom@scoped.example',
      'lobby@scoped.example',
    ]);
    const fragment = new URLSearchParams(boardPath.replace('/board#', ''));
    expect(fragment.get('key')).toBe(secret);
    expect(fragment.get('rooms')!.split(',').sort()).toEqual([
      'boardroom@scoped.example',
      'lobby@scoped.example',
    ]);

    // No filter: only its mailboxes, never the CEO's.
    const all = await api.graphql(secret, EVENTS, WINDOW);
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data.events.nodes.map((n: any) => n.subject).sort()).toEqual([
      'Board meeting',
      'Lobby stand-up',
    ]);
    // Naming the CEO's mailbox, by address or id, yields nothing of it.
    const byAddress = await api.graphql(secret, EVENTS, { ...WINDOW, addresses: ['ceo@scoped.example'] });
    expect(byAddress.body.data.events.nodes).toEqual([]);
    const byId = await api.graphql(secret, EVENTS, { ...WINDOW, ids: [ceo, lobby] });
    expect(byId.body.data.events.nodes.map((n: any) => n.subject)).toEqual(['Lobby stand-up']);
    const mailbox = await api.graphql(
      secret,
      `{ a: mailbox(address: "ceo@scoped.example") { id } b: mailbox(id: "${lobby}") { displayName currentEvent { subject } nextEvent { subject } } }`,
    );
    expect(mailbox.body.errors).toBeUndefined();
    expect(mailbox.body.data.a).toBeNull();
    expect(mailbox.body.data.b).toEqual({
      displayName: 'Lobby',
      currentEvent: null,
      nextEvent: { subject: 'Lobby stand-up' },
    });
  });

  it('refuse everything a board does not need with FORBIDDEN', async () => {
    const { secret } = (await displayToken({ name: 'Refusals', mailboxIds: [lobby] })).data
      .createDisplayToken;
    const refused = [
      '{ connectors { nodes { id } } }',
      `{ mailbox(id: "${lobby}") { connector { name } } }`,
      `{ mailbox(id: "${lobby}") { lastError } }`,
      '{ viewer { tenant { name } } }',
      '{ apiKeys { nodes { id } } }',
      `{ event(id: "${lobby}") { id } }`,
      `mutation { createApiKey(input: { name: "x", role: READER }) { secret } }`,
      `mutation { syncMailbox(id: "${lobby}") { enqueued } }`,
    ];
    for (const query of refused) {
      const { body } = await api.graphql(secret, query);
      expect(body.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(body.data ?? null, query).toBeNull();
    }
    // Listing mailboxes (a board resolving a room list) yields only the token's own.
    const listed = await api.graphql(secret, '{ mailboxes(first: 100) { totalCount nodes { id } } }');
    expect(listed.body.data.mailboxes).toEqual({ totalCount: 1, nodes: [{ id: lobby }] });
    const viewer = await api.graphql(secret, '{ viewer { role } }');
    expect(viewer.body.data.viewer.role).toBe('READER');
  });

  it('follow live changes of their mailboxes only, and stop working once revoked', async () => {
    const { token, secret } = (await displayToken({ name: 'Live', mailboxIds: [lobby] })).data
      .createDisplayToken;
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const client = await connect(`${address.replace('http', 'ws')}/graphql`, {
      authorization: `Bearer ${secret}`,
    });
    try {
      await client.next((m) => m.type === 'connection_ack');
      const query = `subscription($ids: [ID!]) { eventChanged(mailboxIds: $ids) { mailboxId event { subject } } }`;
      client.send({ id: 'ceo', type: 'subscribe', payload: { query, variables: { ids: [ceo] } } });
      const refused = await client.next((m) => m.id === 'ceo' && m.type === 'error');
      expect(refused.payload[0].extensions.code).toBe('FORBIDDEN');
      const nosy = `subscription { eventChanged { mailboxId event { mailbox { connector { name } } } } }`;
      client.send({ id: 'nosy', type: 'subscribe', payload: { query: nosy } });
      expect(
        (await client.next((m) => m.id === 'nosy' && m.type === 'error')).payload[0].extensions.code,
      ).toBe('FORBIDDEN');
      client.send({ id: 'mine', type: 'subscribe', payload: { query } });
      await new Promise((r) => setTimeout(r, 300));
      const [ceoEvent] = await seedEvents(owner.db, tenant.tenantId, ceo, [
        { subject: 'secret', start: at(5), end: at(6) },
      ]);
      const [lobbyEvent] = await seedEvents(owner.db, tenant.tenantId, lobby, [
        { subject: 'walk-in', start: at(5), end: at(6) },
      ]);
      for (const [mailboxId, event] of [
        [ceo, ceoEvent!],
        [lobby, lobbyEvent!],
      ] as const) {
        await publishEventChanges(api.core.redis, api.core.queuePrefix, tenant.tenantId, {
          mailboxId,
          upserted: [event.id],
          deleted: [],
        });
      }
      const pushed = await client.next((m) => m.id === 'mine' && m.type === 'next');
      expect(pushed.payload.data.eventChanged).toEqual({ mailboxId: lobby, event: { subject: 'walk-in' } });
      expect(
        client.messages.filter((m) => m.type === 'next' && m.payload.data.eventChanged.mailboxId === ceo),
      ).toEqual([]);
    } finally {
      client.close();
    }
    const revoked = await api.graphql(
      tenant.adminKey,
      `mutation($id: ID!) { revokeDisplayToken(id: $id) { revokedAt } }`,
      { id: token.id },
    );
    expect(revoked.body.data.revokeDisplayToken.revokedAt).not.toBeNull();
    expect((await api.graphql(secret, '{ viewer { role } }')).status).toBe(401);
  });

  it('name the bad field, need an ADMIN key, and stay out of the API key list and cap', async () => {
    const unknown = await displayToken({ name: 'x', addresses: ['nobody@scoped.example'] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'addresses' });
    expect(unknown.errors?.[0]?.message).toMatch(/nobody@scoped.example/);
    expect((await displayToken({ name: 'x' })).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const reader = await api.graphql(
      tenant.adminKey,
      `mutation { createApiKey(input: { name: "r", role: READER }) { secret } }`,
    );
    const asReader = await api.graphql(
      reader.body.data.createApiKey.secret,
      `mutation { createDisplayToken(input: { name: "x", mailboxIds: ["${lobby}"] }) { secret } }`,
    );
    expect(asReader.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const keys = await api.graphql(
      tenant.adminKey,
      '{ apiKeys { nodes { name } } displayTokens { name purpose } }',
    );
    expect(keys.body.data.apiKeys.nodes.map((k: any) => k.name)).not.toContain('Lobby screen');
    expect(keys.body.data.displayTokens.map((t: any) => t.name)).toContain('Lobby screen');
  });
});

describe('ICS feed', () => {
  it('serves one mailbox as iCalendar with an ETag, cancelled events left out', async () => {
    const created = await feedToken({ name: 'Outlook subscription', address: 'lobby@scoped.example' });
    expect(created.errors).toBeUndefined();
    const { secret, feedPath } = created.data.createFeedToken;
    expect(feedPath).toBe(`/ics/${secret}.ics`);
    const response = await api.app.inject({ method: 'GET', url: feedPath });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(response.body));
    const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    const standUp = events.find((e) => e.summary === 'Lobby stand-up');
    expect(standUp!.startDate.toJSDate().getTime()).toBe(at(1).getTime());
    expect(standUp!.endDate.toJSDate().getTime()).toBe(at(2).getTime());
    expect(events.map((e) => e.summary)).not.toContain('Lobby cancelled');
    expect(events.map((e) => e.summary)).not.toContain('Board meeting');

    const etag = response.headers.etag as string;
    const again = await api.app.inject({ method: 'GET', url: feedPath, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await seedEvents(owner.db, tenant.tenantId, lobby, [
      { subject: 'late booking', start: at(7), end: at(8) },
    ]);
    const changed = await api.app.inject({
      method: 'GET',
      url: feedPath,
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('SUMMARY:late booking');
  });

  it('answers 404 for wrong, revoked and non-feed tokens, and a feed token cannot call GraphQL', async () => {
    const { token, secret, feedPath } = (await feedToken({ name: 'revoke me', mailboxId: boardroom })).data
      .createFeedToken;
    expect((await api.graphql(secret, '{ viewer { role } }')).status).toBe(401);
    const display = (await displayToken({ name: 'not a feed', mailboxIds: [boardroom] })).data
      .createDisplayToken;
    expect((await api.app.inject({ method: 'GET', url: `/ics/${display.secret}.ics` })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/ics/${tenant.adminKey}.ics` })).statusCode).toBe(
      404,
    );
    expect(
      (await api.app.inject({ method: 'GET', url: `/ics/${secret.slice(0, -2)}xx.ics` })).statusCode,
    ).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);
    const listed = await api.graphql(
      tenant.adminKey,
      `{ feedTokens(mailboxId: "${boardroom}") { id name } }`,
    );
    expect(listed.body.data.feedTokens).toEqual([{ id: token.id, name: 'revoke me' }]);
    await api.graphql(tenant.adminKey, `mutation($id: ID!) { revokeFeedToken(id: $id) { id } }`, {
      id: token.id,
    });
    expect((await api.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
    // A display token's id is not a feed token's.
    const wrongKind = await api.graphql(
      tenant.adminKey,
      `mutation($id: ID!) { revokeFeedToken(id: $id) { id } }`,
      { id: display.token.id },
    );
    expect(wrongKind.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    // Nor is it an API key's: revokeApiKey cannot take a board off the wall by accident.
    const asApiKey = await api.graphql(
      tenant.adminKey,
      `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
      {
        id: display.token.id,
      },
    );
    expect(asApiKey.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(display.secret, '{ viewer { role } }')).status).toBe(200);
  });

  it('shows private events as GraphQL does: masked ones as Busy with nothing else, CLASS:PRIVATE', async () => {
    const connector = await seedConnector(owner.db, tenant.tenantId, 'private');
    const room = (await seedMailbox(owner.db, tenant.tenantId, connector, 'quiet@scoped.example')).id;
    await seedEvents(owner.db, tenant.tenantId, room, [
      // As the sync stores a private event of a masking connector (events/mask-private-event.ts).
      { subject: null, sensitivity: 'PRIVATE', showAs: 'BUSY', start: at(1), end: at(2) },
      // As it stores one of a connector that keeps private events in full.
      {
        subject: 'Salary review',
        sensitivity: 'PRIVATE',
        organizer: { name: 'Ada', address: 'ada@scoped.example' },
        start: at(3),
        end: at(4),
      },
    ]);
    const { feedPath } = (await feedToken({ name: 'private check', mailboxId: room })).data.createFeedToken;
    const body = (await api.app.inject({ method: 'GET', url: feedPath })).body;
    const feed = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((c) => ({
      summary: c.getFirstPropertyValue('summary'),
      class: c.getFirstPropertyValue('class'),
      organizer: c.getFirstPropertyValue('organizer'),
      start: new ICAL.Event(c).startDate.toJSDate().toISOString(),
    }));
    const graphql = await api.graphql(
      tenant.adminKey,
      `query($ids: [ID!], $start: DateTime!, $end: DateTime!) {
         events(mailboxIds: $ids, start: $start, end: $end) { nodes { subject sensitivity start organizer { address } } } }`,
      { ids: [room], ...WINDOW },
    );
    const served = graphql.body.data.events.nodes;
    expect(served.map((e: any) => [e.subject, e.sensitivity, e.organizer?.address ?? null])).toEqual([
      [null, 'PRIVATE', null],
      ['Salary review', 'PRIVATE', 'ada@scoped.example'],
    ]);
    expect(feed).toEqual([
      { summary: 'Busy', class: 'PRIVATE', organizer: null, start: at(1).toISOString() },
      {
        summary: 'Salary review',
        class: 'PRIVATE',
        organizer: 'mailto:ada@scoped.example',
        start: at(3).toISOString(),
      },
    ]);
  });

  it('is for exactly one mailbox', async () => {
    const none = await feedToken({ name: 'nothing' });
    expect(none.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
