// A tenant of the webhook end-to-end tests: created through the API with a connector over the
// emulator's organisation and one webhook endpoint, synced on demand through GraphQL.
import { waitFor } from '../../sync/support/worker-process.ts';
import type { FullStack } from '../../../support/full-stack.ts';
import { createTenantViaApi } from '../../../support/test-api.ts';

export async function gql<T = any>(
  stack: FullStack,
  key: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await stack.api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
}

export interface WebhookEndpointCreated {
  id: string;
  /** The endpoint's cursor at creation: every change after it must arrive. */
  from: string;
  signingSecret: string;
}

export async function createEndpoint(
  stack: FullStack,
  key: string,
  url: string,
): Promise<WebhookEndpointCreated> {
  const { createWebhookEndpoint } = await gql(
    stack,
    key,
    `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret endpoint { id deliveredThrough } } }`,
    { input: { url } },
  );
  return {
    id: createWebhookEndpoint.endpoint.id,
    from: createWebhookEndpoint.endpoint.deliveredThrough,
    signingSecret: createWebhookEndpoint.signingSecret,
  };
}

/** A tenant with a connector over the emulator's rooms; returns its admin key. */
export async function createSyncedTenant(stack: FullStack, slug: string): Promise<string> {
  const key = (await createTenantViaApi(stack.api, slug)).adminKey;
  const seed = stack.emulator.emu.state.seedSummary!;
  const { createConnector } = await gql(
    stack,
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
  await gql(stack, key, `mutation($id: ID!) { discoverRooms(connectorId: $id) { id } }`, {
    id: createConnector.id,
  });
  return key;
}

/** Queues a sync of every mailbox of the tenant; returns their ids. */
export async function syncAll(stack: FullStack, key: string): Promise<Set<string>> {
  const { mailboxes } = await gql(stack, key, `query { mailboxes(first: 100) { nodes { id } } }`);
  for (const m of mailboxes.nodes)
    await gql(stack, key, `mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, { id: m.id });
  return new Set(mailboxes.nodes.map((m: { id: string }) => m.id));
}

export async function allSynced(stack: FullStack, key: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await gql(stack, key, `query { mailboxes(first: 100) { nodes { syncStatus } } }`)
      ).mailboxes.nodes.every((m: { syncStatus: string }) => m.syncStatus === 'OK'),
    90_000,
    `every mailbox synced; worker output:\n${stack.worker.output()}`,
  );
}

/** A meeting in the emulator's first room tomorrow (each tenant sees it once it syncs). */
export async function addMeeting(stack: FullStack, subject: string): Promise<void> {
  const { emu } = stack.emulator;
  const room = (await emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
  const soon = new Date(Date.now() + 86_400_000 + Math.floor(Math.random() * 3_600_000));
  const later = new Date(soon.getTime() + 1_800_000);
  await emu.control.createEvent(room.address, {
    subject,
    start: { dateTime: soon.toISOString().slice(0, 19), timeZone: 'UTC' },
    end: { dateTime: later.toISOString().slice(0, 19), timeZone: 'UTC' },
  });
}

/** The tenant's log after `from`, as eventChanges pages it. */
export async function changeLogAfter(
  stack: FullStack,
  key: string,
  from: string,
): Promise<{ cursor: string; eventId: string }[]> {
  const all: { cursor: string; eventId: string }[] = [];
  let after = from;
  for (;;) {
    const { eventChanges } = await gql(
      stack,
      key,
      `query($after: String) { eventChanges(after: $after, first: 500) { nodes { cursor eventId } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    all.push(...eventChanges.nodes);
    after = eventChanges.pageInfo.endCursor;
    if (!eventChanges.pageInfo.hasNextPage) return all;
  }
}
