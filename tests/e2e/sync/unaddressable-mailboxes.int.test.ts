// A deleted mailbox (404 ErrorInvalidUser) and an unlicensed one (MailboxNotEnabledForRESTAPI), through the
// API, the real worker and the emulator: each is marked with a typed sync error and a remedy, is not retried
// in a loop, and the connector and its other mailbox carry on (docs/microsoft-graph.md §9.6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { waitFor } from './support/worker-process.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let key: string;

const HEALTHY = 'present-room@contoso.com';
const DELETED = 'deleted-room@contoso.com';
const UNLICENSED = 'unlicensed-user@contoso.com';

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const MAILBOXES = `query { mailboxes(first: 10) { nodes { address syncStatus lastError
  syncError { kind code message remedy } } } }`;

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api } = stack);
  key = (await createTenantViaApi(api, 'unaddressable')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('mailboxes Graph cannot address: API + worker + emulator', () => {
  it('marks a deleted and an unlicensed mailbox with a typed error and a remedy, without retrying them', async () => {
    const seed = emulator.emu.state.seedSummary!;
    const control = emulator.emu.control;
    for (const [address, restEnabled] of [
      [HEALTHY, true],
      [DELETED, true],
      [UNLICENSED, false],
    ] as const) {
      await control.createMailbox({ tenantId: seed.tenantId, address, displayName: address, restEnabled });
    }
    const app = await control.createApp({
      tenantId: seed.tenantId,
      displayName: 'rooms',
      roles: ['Calendars.Read'],
    });
    const secret = await control.addSecret(app.clientId);
    const created = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'Contoso',
          azureTenantId: seed.tenantDomain,
          clientId: app.clientId,
          clientSecret: secret.value,
          mailboxes: [HEALTHY, DELETED, UNLICENSED],
        },
      },
    );
    const settled = async () =>
      (await gql(MAILBOXES)).mailboxes.nodes.every(
        (m: { syncStatus: string }) => m.syncStatus === 'OK' || m.syncStatus === 'ERROR',
      );
    await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, {
      id: created.createConnector.id,
    });
    await waitFor(settled, 60_000, 'the first sync of every mailbox');

    // Deleted in Microsoft 365 after calsync had synced it.
    await control.deleteMailbox(DELETED);
    await control.clearRequests();
    await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, {
      id: created.createConnector.id,
    });
    await waitFor(
      async () =>
        (await gql(MAILBOXES)).mailboxes.nodes.some(
          (m: { address: string; syncStatus: string }) => m.address === DELETED && m.syncStatus === 'ERROR',
        ) && (await settled()),
      60_000,
      'the deleted mailbox failed',
    );
    const byAddress = new Map(
      (await gql(MAILBOXES)).mailboxes.nodes.map((m: { address: string }) => [m.address, m]),
    );
    expect(byAddress.get(HEALTHY)).toMatchObject({ syncStatus: 'OK', lastError: null, syncError: null });
    expect(byAddress.get(DELETED)).toMatchObject({
      syncStatus: 'ERROR',
      syncError: { kind: 'MAILBOX_NOT_FOUND', code: 'ErrorInvalidUser' },
    });
    expect(byAddress.get(UNLICENSED)).toMatchObject({
      syncStatus: 'ERROR',
      syncError: { kind: 'MAILBOX_NOT_ENABLED', code: 'MailboxNotEnabledForRESTAPI' },
    });
    const deleted = byAddress.get(DELETED) as { syncError: { message: string; remedy: string } };
    expect(deleted.syncError.message).toContain(`'${DELETED}' is invalid`);
    expect(deleted.syncError.remedy).toMatch(/deleted, renamed/);

    // The connector is not to blame.
    const connector = await gql(`query($id: ID!) { connector(id: $id) { status } }`, {
      id: created.createConnector.id,
    });
    expect(['HEALTHY', 'PENDING', 'DEGRADED']).toContain(connector.connector.status);

    // One failed calendar request per unaddressable mailbox, and none after it: no retry loop.
    const callsFor = async (address: string) =>
      (await control.requests({})).filter((r) => decodeURIComponent(r.path).includes(address));
    await new Promise((r) => setTimeout(r, 3_000));
    for (const address of [DELETED, UNLICENSED]) {
      const calls = await callsFor(address);
      // Directory and mailbox settings may be refused (403: this app may not read them); the calendar
      // answers 404 once, and nothing follows it.
      expect(calls.filter((r) => r.status === 404)).toHaveLength(1);
      expect(calls.at(-1)?.status).toBe(404);
    }
  });
});
