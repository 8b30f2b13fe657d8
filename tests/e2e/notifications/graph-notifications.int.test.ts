// Graph change notifications end to end: the API (listening, CALSYNC_PUBLIC_URL), the worker process and the
// emulator delivering notifications to the API's webhook. The connector interval (15 min) never elapses
// here, so every change that shows up came through a notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { expectedEvents } from '../sync/support/ground-truth.ts';
import { waitFor, type WorkerProcess } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let worker: WorkerProcess;
let key: string;
let mailboxId: string;
let room: { id: string; address: string };

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const notifications = async (): Promise<{
  status: string;
  expiresAt: string | null;
  lastNotificationAt: string | null;
}> =>
  (
    await gql(
      `query($id: ID) { mailbox(id: $id) { notifications { status expiresAt lastNotificationAt } } }`,
      { id: mailboxId },
    )
  ).mailbox.notifications;

const emulatorSubscriptions = async () =>
  (await emulator.emu.control.listSubscriptions()).filter((s) => s.mailboxId === room.id);

const window = { start: new Date(Date.now() - 2 * 86_400_000), end: new Date(Date.now() + 14 * 86_400_000) };

async function served(): Promise<string[]> {
  const res = await gql(
    `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject start end } } }`,
    { a: [room.address], s: window.start.toISOString(), e: window.end.toISOString() },
  );
  return res.events.nodes.map((e: any) => `${e.start} ${e.end} ${e.subject ?? '(private)'}`).sort();
}

function truth(): string[] {
  return [...expectedEvents(emulator.emu, room.id, window).values()]
    .filter((e) => !e.isCancelled)
    .map((e) => `${e.start} ${e.end} ${e.subject ?? '(private)'}`)
    .sort();
}

async function book(subject: string, dayOffset: number): Promise<string> {
  const start = new Date(Date.now() + dayOffset * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  const e = await emulator.emu.control.createEvent(room.address, {
    subject,
    start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
    end: { dateTime: end.toISOString().slice(0, 19), timeZone: 'UTC' },
  });
  return e.id;
}

beforeAll(async () => {
  stack = await startFullStack({ notifications: true });
  ({ emulator, api, worker } = stack);
  key = (await createTenantViaApi(api, 'push')).adminKey;
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
      },
    },
  );
  const connectorId = created.createConnector.id;
  const found = (await emulator.emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
  room = { id: found.id, address: found.address.toLowerCase() };
  await gql(`mutation($c: ID!, $a: [String!]!) { addMailboxes(connectorId: $c, addresses: $a) { id } }`, {
    c: connectorId,
    a: [room.address],
  });
  mailboxId = (await gql(`query($a: String) { mailbox(address: $a) { id } }`, { a: room.address })).mailbox
    .id;
  await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: mailboxId });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('Graph change notifications through API + worker + emulator', () => {
  it('subscribes the mailbox after its first sync, with the expiry Microsoft returned', async () => {
    await waitFor(
      async () => (await notifications()).status === 'ACTIVE',
      60_000,
      `worker output:\n${worker.output()}`,
    );
    const [subscription] = await emulatorSubscriptions();
    expect(subscription!.notificationUrl).toMatch(/\/webhooks\/graph$/);
    expect(subscription!.lifecycleNotificationUrl).toMatch(/\/webhooks\/graph\/lifecycle$/);
    expect(new Date((await notifications()).expiresAt!).getTime()).toBe(
      new Date(subscription!.expirationDateTime).getTime(),
    );
    const { testConnector } = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { checks { name status message } } }`,
      {
        id: (await gql(`query($id: ID) { mailbox(id: $id) { connector { id } } }`, { id: mailboxId })).mailbox
          .connector.id,
      },
    );
    expect(testConnector.checks.find((c: { name: string }) => c.name === 'NOTIFICATIONS')).toMatchObject({
      status: 'PASS',
    });
  });

  it('shows a booking made in Outlook within seconds, without any scheduled poll', async () => {
    const started = Date.now();
    await book('Pushed booking', 1);
    await waitFor(
      async () => (await served()).some((e) => e.endsWith('Pushed booking')),
      15_000,
      worker.output(),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await notifications()).lastNotificationAt).not.toBeNull();
    expect(await served()).toEqual(truth());
  });

  it('stays exact with duplicated and reordered notifications', async () => {
    await emulator.emu.control.setNotificationSettings({
      faults: { duplicates: 2, reorder: true, delayMs: 200 },
    });
    const id = await book('Duplicated booking', 2);
    await book('Another booking', 3);
    await emulator.emu.control.renameEvent(room.address, id, 'Duplicated booking (renamed)');
    await waitFor(
      async () => JSON.stringify(await served()) === JSON.stringify(truth()),
      20_000,
      worker.output(),
    );
    await emulator.emu.control.setNotificationSettings({
      faults: { duplicates: 0, reorder: false, delayMs: 0 },
    });
  });

  it('recreates the subscription on subscriptionRemoved and resyncs', async () => {
    const [before] = await emulatorSubscriptions();
    await emulator.emu.control.sendLifecycleEvent(before!.id, 'subscriptionRemoved');
    await waitFor(
      async () => {
        const now = await emulatorSubscriptions();
        return now.length === 1 && now[0]!.id !== before!.id;
      },
      30_000,
      worker.output(),
    );
    await book('After recreation', 4);
    await waitFor(
      async () => (await served()).some((e) => e.endsWith('After recreation')),
      15_000,
      worker.output(),
    );
  });

  it('falls back to polling when the webhook answers the validation too slowly', async () => {
    await emulator.emu.control.setNotificationSettings({ validationTimeoutMs: 1 });
    const [current] = await emulatorSubscriptions();
    await emulator.emu.control.sendLifecycleEvent(current!.id, 'subscriptionRemoved');
    await waitFor(async () => (await notifications()).status === 'FAILED', 30_000, worker.output());
    expect(await emulatorSubscriptions()).toEqual([]);
    await emulator.emu.control.setNotificationSettings({ validationTimeoutMs: 10_000 });
  });
});
