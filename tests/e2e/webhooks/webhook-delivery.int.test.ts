// Outbound webhooks end to end: the API (endpoints over GraphQL), the real worker process (sync,
// delivery) and the Microsoft 365 emulator. Each receiver verifies signatures with the client SDK
// and is compared against what `eventChanges` says the tenant's log holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;

interface Tenant {
  key: string;
  endpointId: string;
  /** The endpoint's cursor at creation: every change after it must arrive. */
  from: string;
  receiver: WebhookReceiver;
  mailboxIds: Set<string>;
}
let a: Tenant;
let b: Tenant;

async function gql<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
}

/** The tenant's log after `from`, as eventChanges pages it: [sequence-bearing cursor, eventId]. */
async function logAfter(t: Tenant): Promise<{ cursor: string; eventId: string }[]> {
  const all: { cursor: string; eventId: string }[] = [];
  let after = t.from;
  for (;;) {
    const { eventChanges } = await gql(
      t.key,
      `query($after: String) { eventChanges(after: $after, first: 500) { nodes { cursor eventId } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    all.push(...eventChanges.nodes);
    after = eventChanges.pageInfo.endCursor;
    if (!eventChanges.pageInfo.hasNextPage) return all;
  }
}

/** Waits until the receiver holds and acknowledged every logged change; returns the log it was compared with. */
async function caughtUp(t: Tenant, what: string, subject?: string) {
  let log: { cursor: string; eventId: string }[] = [];
  const acknowledged = `query($id: ID!) { webhookEndpoint(id: $id) { deliveredThrough } }`;
  await waitFor(
    async () => {
      log = await logAfter(t);
      const received = new Set(t.receiver.changes.map((c) => c.cursor));
      if (log.length === 0 || !log.every((c) => received.has(c.cursor))) return false;
      if (subject && !t.receiver.changes.some((c) => c.event?.subject === subject)) return false;
      const { webhookEndpoint } = await gql(t.key, acknowledged, { id: t.endpointId });
      return webhookEndpoint.deliveredThrough === log.at(-1)!.cursor;
    },
    90_000,
    `${what}; worker output:\n${stack.worker.output()}`,
  );
  return log;
}

/** Arrival order without repeats: duplicates may come (at-least-once), but only as the same sequence again. */
function firstArrivals(t: Tenant): string[] {
  const seen = new Set<string>();
  return t.receiver.changes.filter((c) => !seen.has(c.cursor) && seen.add(c.cursor)).map((c) => c.cursor);
}

async function setUpTenant(slug: string): Promise<Tenant> {
  const key = (await createTenantViaApi(api, slug)).adminKey;
  const receiver = await startWebhookReceiver();
  const { createWebhookEndpoint } = await gql(
    key,
    `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret endpoint { id deliveredThrough } } }`,
    { input: { url: receiver.url } },
  );
  receiver.secrets = [createWebhookEndpoint.signingSecret];
  const seed = emulator.emu.state.seedSummary!;
  const { createConnector } = await gql(
    key,
    `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
    {
      input: {
        name: slug,
        azureTenantId: seed.tenantDomain,
        clientId: seed.clientId,
        clientSecret: seed.clientSecret,
        syncWindow: { pastDays: 2, futureDays: 14 },
      },
    },
  );
  await gql(key, `mutation($id: ID!) { discoverRooms(connectorId: $id) { id } }`, { id: createConnector.id });
  return {
    key,
    endpointId: createWebhookEndpoint.endpoint.id,
    from: createWebhookEndpoint.endpoint.deliveredThrough,
    receiver,
    mailboxIds: new Set(),
  };
}

beforeAll(async () => {
  stack = await startFullStack({ webhooks: true });
  ({ emulator, api } = stack);
  a = await setUpTenant('hooks-e2e-a');
  b = await setUpTenant('hooks-e2e-b');
}, 120_000);

afterAll(async () => {
  await a?.receiver.close();
  await b?.receiver.close();
  await stack?.stop();
});

async function syncAll(t: Tenant) {
  const { mailboxes } = await gql(t.key, `query { mailboxes(first: 100) { nodes { id } } }`);
  for (const m of mailboxes.nodes)
    await gql(t.key, `mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: m.id });
  t.mailboxIds = new Set(mailboxes.nodes.map((m: { id: string }) => m.id));
}

async function allSynced(t: Tenant): Promise<void> {
  await waitFor(
    async () =>
      (await gql(t.key, `query { mailboxes(first: 100) { nodes { syncStatus } } }`)).mailboxes.nodes.every(
        (m: { syncStatus: string }) => m.syncStatus === 'OK',
      ),
    90_000,
    `every mailbox synced; worker output:\n${stack.worker.output()}`,
  );
}

async function addMeeting(t: Tenant, subject: string) {
  const room = (await emulator.emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
  const soon = new Date(Date.now() + 86_400_000 + Math.floor(Math.random() * 3_600_000));
  const later = new Date(soon.getTime() + 1_800_000);
  await emulator.emu.control.createEvent(room.address, {
    subject,
    start: { dateTime: soon.toISOString().slice(0, 19), timeZone: 'UTC' },
    end: { dateTime: later.toISOString().slice(0, 19), timeZone: 'UTC' },
  });
  await syncAll(t);
}

describe('outbound webhooks through the worker', () => {
  it('delivers every change of the initial sync once, in order, signed; B gets only B', async () => {
    await syncAll(a);
    await syncAll(b);
    await allSynced(a);
    await allSynced(b);
    const logA = await caughtUp(a, 'tenant A receives its initial sync');
    const logB = await caughtUp(b, 'tenant B receives its initial sync');
    expect(firstArrivals(a)).toEqual(logA.map((c) => c.cursor));
    expect(a.receiver.changes).toHaveLength(logA.length); // no duplicates without a crash
    expect(firstArrivals(b)).toEqual(logB.map((c) => c.cursor));
    expect(b.receiver.changes.every((c) => b.mailboxIds.has(c.mailboxId))).toBe(true);
    expect(b.receiver.changes.some((c) => a.mailboxIds.has(c.mailboxId))).toBe(false);
    expect(a.receiver.rejected + b.receiver.rejected).toBe(0);
  }, 150_000);

  it('a receiver down for a while gets everything once back: no gap, no reorder', async () => {
    a.receiver.up = false;
    await addMeeting(a, 'Planned while the receiver is down');
    const failing = `query($id: ID!) { webhookEndpoint(id: $id) { consecutiveFailures recentDeliveries(first: 1) { statusCode } } }`;
    await waitFor(
      async () => (await gql(a.key, failing, { id: a.endpointId })).webhookEndpoint.consecutiveFailures >= 2,
      60_000,
      'deliveries fail while the receiver is down',
    );
    expect(
      (await gql(a.key, failing, { id: a.endpointId })).webhookEndpoint.recentDeliveries[0].statusCode,
    ).toBe(503);
    a.receiver.up = true;
    const log = await caughtUp(
      a,
      'tenant A catches up after the outage',
      'Planned while the receiver is down',
    );
    expect(firstArrivals(a)).toEqual(log.map((c) => c.cursor));
    expect(a.receiver.changes.map((c) => c.event?.subject)).toContain('Planned while the receiver is down');
  }, 120_000);

  it('a worker killed mid-delivery loses nothing: the batch comes again with the same sequences', async () => {
    a.receiver.delayMs = 3_000;
    const before = a.receiver.requests;
    await addMeeting(a, 'Delivered across a worker crash');
    await waitFor(() => Promise.resolve(a.receiver.requests > before), 60_000, 'a delivery in flight');
    await stack.worker.kill('SIGKILL');
    a.receiver.delayMs = 0;
    stack.restartWorker();
    const log = await caughtUp(a, 'tenant A catches up after the crash', 'Delivered across a worker crash');
    expect(firstArrivals(a)).toEqual(log.map((c) => c.cursor));
    // The batch in flight at the kill reached the receiver and came again after the restart.
    expect(a.receiver.changes.length).toBeGreaterThan(firstArrivals(a).length);
    const bySequence = new Map<number, string>();
    for (const c of a.receiver.changes) {
      const seen = bySequence.get(c.sequence);
      if (seen !== undefined) expect(c.cursor).toBe(seen);
      bySequence.set(c.sequence, c.cursor);
    }
  }, 150_000);
});
