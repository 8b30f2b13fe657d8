// The whole product the way a customer meets it: the public GraphQL API (in-process), the real
// worker process and the Microsoft 365 emulator over HTTPS, with real Postgres and Redis.
// Everything is provisioned through GraphQL; ground truth comes from the emulator's own state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { expectedEvents } from '../sync/support/ground-truth.ts';
import { waitFor, type WorkerProcess } from '../sync/support/worker-process.ts';
import { connectGraphqlWs } from '../../support/graphql-ws-client.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let worker: WorkerProcess;
let key: string;
let connectorId: string;

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api, worker } = stack);
  key = (await createTenantViaApi(api, 'fullstack')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('calsync end to end: API + worker + emulator', () => {
  it('provisions a connector through GraphQL and passes every diagnostic', async () => {
    const seed = emulator.emu.state.seedSummary!;
    const created = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id status credentialHint } }`,
      {
        input: {
          name: 'Contoso',
          azureTenantId: seed.tenantDomain,
          clientId: seed.clientId,
          clientSecret: seed.clientSecret,
          syncWindow: { pastDays: 7, futureDays: 30 },
        },
      },
    );
    connectorId = created.createConnector.id;
    expect(created.createConnector.credentialHint).toBe(seed.clientSecret.slice(-4));
    const rooms = await gql(`mutation($id: ID!) { discoverRooms(connectorId: $id) { address kind } }`, {
      id: connectorId,
    });
    expect(rooms.discoverRooms.length).toBeGreaterThan(5);
    expect(rooms.discoverRooms.every((r: { kind: string }) => r.kind === 'ROOM')).toBe(true);
    const diagnostics = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { ok checks { name status } } }`,
      {
        id: connectorId,
      },
    );
    expect(diagnostics.testConnector.ok).toBe(true);
    const { connector } = await gql(`query($id: ID!) { connector(id: $id) { status } }`, { id: connectorId });
    expect(connector.status).toBe('HEALTHY');
  });

  it('syncs every room through the worker and serves exactly what Microsoft holds', async () => {
    const { syncConnector } = await gql(
      `mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`,
      {
        id: connectorId,
      },
    );
    expect(syncConnector.enqueued).toBeGreaterThan(5);
    const list = `query($c: ID!) { mailboxes(connectorId: $c, first: 100) { nodes { id address syncStatus } } }`;
    await waitFor(
      async () =>
        (await gql(list, { c: connectorId })).mailboxes.nodes.every((m: any) => m.syncStatus === 'OK'),
      90_000,
      `every mailbox synced; worker output:\n${worker.output()}`,
    );
    const start = new Date(Date.now() - 2 * 86_400_000);
    const end = new Date(Date.now() + 14 * 86_400_000);
    const directory = await emulator.emu.control.listMailboxes();
    const { mailboxes } = await gql(list, { c: connectorId });
    let compared = 0;
    for (const mailbox of mailboxes.nodes.slice(0, 6)) {
      const emulatorMailbox = directory.find((m) => m.address.toLowerCase() === mailbox.address)!;
      const truth = [...expectedEvents(emulator.emu, emulatorMailbox.id, { start, end }).entries()]
        .filter(([, e]) => !e.isCancelled)
        .map(([, e]) => `${e.start} ${e.end} ${e.subject ?? '(private)'}`)
        .sort();
      const served = await gql(
        `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject start end } } }`,
        { a: [mailbox.address.toUpperCase()], s: start.toISOString(), e: end.toISOString() },
      );
      const got = served.events.nodes
        .map((e: any) => `${e.start} ${e.end} ${e.subject ?? '(private)'}`)
        .sort();
      expect(got, mailbox.address).toEqual(truth);
      compared += truth.length;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('pushes a change made in Outlook to a live subscriber after the next sync', async () => {
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const room = (await emulator.emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
    const { mailbox } = await gql(`query($a: String) { mailbox(address: $a) { id } }`, { a: room.address });
    const ws = await connectGraphqlWs(`${address.replace('http', 'ws')}/graphql`, {
      authorization: `Bearer ${key}`,
    });
    try {
      await ws.next((m) => m.type === 'connection_ack');
      ws.send({
        id: '1',
        type: 'subscribe',
        payload: {
          query: `subscription($ids: [ID!]) { eventChanged(mailboxIds: $ids) { kind eventId event { subject } } }`,
          variables: { ids: [mailbox.id] },
        },
      });
      const soon = new Date(Date.now() + 86_400_000);
      const later = new Date(soon.getTime() + 3_600_000);
      await emulator.emu.control.createEvent(room.address, {
        subject: 'Board review (added in Outlook)',
        start: { dateTime: soon.toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: later.toISOString().slice(0, 19), timeZone: 'UTC' },
      });
      await new Promise((r) => setTimeout(r, 300)); // let the subscription register before the change lands
      await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: mailbox.id });
      const pushed = await ws.next(
        (m) =>
          m.type === 'next' &&
          m.payload?.data?.eventChanged?.event?.subject === 'Board review (added in Outlook)',
        30_000,
      );
      expect(pushed.payload.data.eventChanged.kind).toBe('UPSERTED');
    } finally {
      ws.close();
    }
  });
});
