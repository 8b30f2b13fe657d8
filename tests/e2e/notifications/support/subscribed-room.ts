// One tenant with a Microsoft 365 connector and one subscribed room on a full stack with notifications on,
// and what the notification e2e tests read of it: GraphQL state, the emulator's truth and bookings.
import { expectedEvents } from '../../sync/support/ground-truth.ts';
import { waitFor } from '../../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../../support/full-stack.ts';
import { createTenantViaApi } from '../../../support/test-api.ts';

export interface MailboxNotificationsView {
  status: string;
  expiresAt: string | null;
  lastNotificationAt: string | null;
}

export interface SubscribedRoom {
  stack: FullStack;
  room: { id: string; address: string };
  mailboxId: string;
  connectorId: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  notifications(): Promise<MailboxNotificationsView>;
  /** The room's subscriptions as the emulator holds them. */
  emulatorSubscriptions(): ReturnType<FullStack['emulator']['emu']['control']['listSubscriptions']>;
  /** The room's events as GraphQL serves them, as sorted `start end subject` lines. */
  served(): Promise<string[]>;
  /** The same lines from the emulator's own calendar. */
  truth(): string[];
  /** Creates a one-hour event `dayOffset` days ahead in the emulator, as a user in Outlook would. */
  book(subject: string, dayOffset: number): Promise<string>;
}

const window = { start: new Date(Date.now() - 2 * 86_400_000), end: new Date(Date.now() + 14 * 86_400_000) };

/** Starts the stack, syncs the room once and waits until its subscription is ACTIVE. */
export async function startSubscribedRoom(
  slug: string,
  options: { apiInstances?: number } = {},
): Promise<SubscribedRoom> {
  const stack = await startFullStack({ notifications: true, ...options });
  const { emulator, api } = stack;
  const key = (await createTenantViaApi(api, slug)).adminKey;
  const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await api.graphql<T>(key, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
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
  const connectorId: string = created.createConnector.id;
  const found = (await emulator.emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
  const room = { id: found.id, address: found.address.toLowerCase() };
  await gql(`mutation($c: ID!, $a: [String!]!) { addMailboxes(connectorId: $c, addresses: $a) { id } }`, {
    c: connectorId,
    a: [room.address],
  });
  const mailboxId: string = (
    await gql(`query($a: String) { mailbox(address: $a) { id } }`, { a: room.address })
  ).mailbox.id;
  await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: mailboxId });

  const notifications = async (): Promise<MailboxNotificationsView> =>
    (
      await gql(
        `query($id: ID) { mailbox(id: $id) { notifications { status expiresAt lastNotificationAt } } }`,
        { id: mailboxId },
      )
    ).mailbox.notifications;
  const line = (e: { start: string; end: string; subject: string | null }): string =>
    `${e.start} ${e.end} ${e.subject ?? '(private)'}`;
  const subscribed: SubscribedRoom = {
    stack,
    room,
    mailboxId,
    connectorId,
    gql,
    notifications,
    emulatorSubscriptions: async () =>
      (await emulator.emu.control.listSubscriptions()).filter((s) => s.mailboxId === room.id),
    async served() {
      const res = await gql(
        `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject start end } } }`,
        { a: [room.address], s: window.start.toISOString(), e: window.end.toISOString() },
      );
      return res.events.nodes.map(line).sort();
    },
    truth: () =>
      [...expectedEvents(emulator.emu, room.id, window).values()]
        .filter((e) => !e.isCancelled)
        .map(line)
        .sort(),
    async book(subject, dayOffset) {
      const start = new Date(Date.now() + dayOffset * 86_400_000);
      start.setUTCMinutes(0, 0, 0);
      const end = new Date(start.getTime() + 3_600_000);
      const e = await emulator.emu.control.createEvent(room.address, {
        subject,
        start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: end.toISOString().slice(0, 19), timeZone: 'UTC' },
      });
      return e.id;
    },
  };
  await waitFor(
    async () => (await notifications()).status === 'ACTIVE',
    60_000,
    `an ACTIVE subscription; worker output:\n${stack.worker.output()}`,
  );
  return subscribed;
}
