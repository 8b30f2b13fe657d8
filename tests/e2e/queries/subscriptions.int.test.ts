import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, publishEventChanges, type DatabaseHandle } from '@calsync/core';
import { seedConnector, seedEvents, seedMailbox } from '../../support/seed-events.ts';
import { connectGraphqlWs as connect } from '../../support/graphql-ws-client.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

const SUBSCRIBE = `subscription($ids: [ID!]) { eventChanged(mailboxIds: $ids) { kind mailboxId eventId event { subject } } }`;

let api: TestApi;
let owner: DatabaseHandle;
let url: string;
const tenants: { id: string; key: string; room: string }[] = [];

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  for (const slug of ['live-a', 'live-b']) {
    const created = await createTenantViaApi(api, slug);
    const connector = await seedConnector(owner.db, created.tenantId);
    const room = (await seedMailbox(owner.db, created.tenantId, connector, `room@${slug}.example`)).id;
    tenants.push({ id: created.tenantId, key: created.adminKey, room });
  }
  const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/graphql`;
});

afterAll(async () => {
  await owner?.close();
  await api?.close();
});

describe('Subscription.eventChanged', () => {
  it('pushes committed changes of the subscriber’s tenant only, with the event read after commit', async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const clientA = await connect(url, { authorization: `Bearer ${a.key}` });
    const clientB = await connect(url, { authorization: `Bearer ${b.key}` });
    try {
      await clientA.next((m) => m.type === 'connection_ack');
      await clientB.next((m) => m.type === 'connection_ack');
      clientA.send({
        id: '1',
        type: 'subscribe',
        payload: { query: SUBSCRIBE, variables: { ids: [a.room] } },
      });
      // B asks for A's mailbox id on purpose: the filter must not open a way into A's feed.
      clientB.send({
        id: '1',
        type: 'subscribe',
        payload: { query: SUBSCRIBE, variables: { ids: [a.room] } },
      });
      await new Promise((r) => setTimeout(r, 300));
      const [event] = await seedEvents(owner.db, a.id, a.room, [
        { subject: 'just booked', start: '2027-09-01T09:00:00Z', end: '2027-09-01T10:00:00Z' },
      ]);
      await publishEventChanges(api.core.redis, api.core.queuePrefix, a.id, {
        mailboxId: a.room,
        upserted: [event!.id],
        deleted: [],
      });
      await publishEventChanges(api.core.redis, api.core.queuePrefix, a.id, {
        mailboxId: a.room,
        upserted: [],
        deleted: [event!.id],
      });
      const upserted = await clientA.next(
        (m) => m.type === 'next' && m.payload.data.eventChanged.kind === 'UPSERTED',
      );
      expect(upserted.payload.data.eventChanged).toEqual({
        kind: 'UPSERTED',
        mailboxId: a.room,
        eventId: event!.id,
        event: { subject: 'just booked' },
      });
      const deleted = await clientA.next(
        (m) => m.type === 'next' && m.payload.data.eventChanged.kind === 'DELETED',
      );
      expect(deleted.payload.data.eventChanged.event).toBeNull();
      await new Promise((r) => setTimeout(r, 300));
      expect(clientB.messages.filter((m) => m.type === 'next')).toEqual([]);
      // B's subscription is live: a change of its own tenant (to the id it filtered on) arrives.
      await publishEventChanges(api.core.redis, api.core.queuePrefix, b.id, {
        mailboxId: a.room,
        upserted: [],
        deleted: [event!.id],
      });
      const own = await clientB.next((m) => m.type === 'next');
      expect(own.payload.data.eventChanged).toMatchObject({ kind: 'DELETED', mailboxId: a.room });
    } finally {
      clientA.close();
      clientB.close();
    }
  });

  it('refuses a connection with a bad key', async () => {
    const client = await connect(url, { authorization: 'Bearer csk_nope_nope' });
    try {
      const reply = await client.next(() => true);
      expect(reply.type).not.toBe('connection_ack');
    } finally {
      client.close();
    }
  });
});
