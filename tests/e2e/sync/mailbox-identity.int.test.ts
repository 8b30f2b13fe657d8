// Mailbox identity (docs/microsoft-graph.md §9.6) through the API, the real worker and the emulator, which
// (as real tenants) answers /users/{smtp} only when the SMTP address is the UPN: calsync resolves each
// mailbox to its object id (at addMailboxes, or at its first sync), calls Graph by it, keeps syncing after
// the SMTP address changes, and without User.Read.All explains what would resolve it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { waitFor } from './support/worker-process.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let key: string;

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

const MAILBOX = `query($a: String!) { mailbox(address: $a) { id directoryId userPrincipalName syncStatus
  lastSyncedAt syncError { kind code } } }`;

/** A room whose primary SMTP address is not its UPN, with one event tomorrow. */
async function roomWithAlias(local: string): Promise<{ emuId: string; address: string; upn: string }> {
  const seed = emulator.emu.state.seedSummary!;
  const address = `${local}@contoso.com`;
  const upn = `${local}-7f3@contoso.onmicrosoft.com`;
  const room = await emulator.emu.control.createMailbox({
    tenantId: seed.tenantId,
    address,
    userPrincipalName: upn,
    displayName: local,
    kind: 'room',
  });
  const start = new Date(Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000);
  const utc = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
  await emulator.emu.control.createEvent(room.id, {
    subject: `${local} booking`,
    start: utc(start),
    end: utc(new Date(start.getTime() + 3_600_000)),
  });
  return { emuId: room.id, address, upn };
}

async function connector(name: string, roles: string[], mailboxes: string[] = []): Promise<string> {
  const seed = emulator.emu.state.seedSummary!;
  const app = await emulator.emu.control.createApp({ tenantId: seed.tenantId, displayName: name, roles });
  const secret = await emulator.emu.control.addSecret(app.clientId);
  const created = await gql(
    `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
    {
      input: {
        name,
        azureTenantId: seed.tenantDomain,
        clientId: app.clientId,
        clientSecret: secret.value,
        syncWindow: { pastDays: 7, futureDays: 30 },
        mailboxes,
      },
    },
  );
  return created.createConnector.id;
}

async function sync(connectorId: string, address: string, full: boolean): Promise<any> {
  const since = new Date().toISOString();
  await gql(`mutation($id: ID!, $full: Boolean) { syncConnector(id: $id, full: $full) { enqueued } }`, {
    id: connectorId,
    full,
  });
  let mailbox: any = null;
  await waitFor(
    async () => {
      mailbox = (await gql(MAILBOX, { a: address })).mailbox;
      return mailbox.syncStatus === 'ERROR' || (mailbox.syncStatus === 'OK' && mailbox.lastSyncedAt > since);
    },
    60_000,
    `${address} synced`,
  );
  return mailbox;
}

const subjects = async (address: string): Promise<string[]> => {
  const data = await gql(
    `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e) { nodes { subject } } }`,
    {
      a: [address],
      s: new Date(Date.now() - 86_400_000).toISOString(),
      e: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    },
  );
  return data.events.nodes.map((n: { subject: string }) => n.subject).sort();
};

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api } = stack);
  key = (await createTenantViaApi(api, 'identity')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('mailbox identity: API + worker + emulator', () => {
  it('adds a mailbox by its SMTP address, calls Graph by object id and survives an SMTP rename', async () => {
    const room = await roomWithAlias('sales-room');
    const connectorId = await connector('by id', ['Calendars.Read', 'User.Read.All']);
    const added = await gql(
      `mutation($id: ID!, $a: [String!]!) { addMailboxes(connectorId: $id, addresses: $a) { address directoryId userPrincipalName } }`,
      { id: connectorId, a: [room.address] },
    );
    expect(added.addMailboxes).toEqual([
      { address: room.address, directoryId: room.emuId, userPrincipalName: room.upn },
    ]);
    await emulator.emu.control.clearRequests();
    expect(await sync(connectorId, room.address, true)).toMatchObject({ syncStatus: 'OK', syncError: null });
    expect(await subjects(room.address)).toEqual(['sales-room booking']);
    const calendarCalls = (await emulator.emu.control.requests({ mailbox: room.emuId })).filter((r) =>
      r.path.includes('/calendarView'),
    );
    expect(calendarCalls.length).toBeGreaterThan(0);
    expect(calendarCalls.every((r) => r.path.includes(`/users/${room.emuId}/`) && r.status === 200)).toBe(
      true,
    );

    // The mailbox's primary SMTP address changes in Exchange: a full round by id still reads it.
    await emulator.emu.control.updateMailbox(room.emuId, { address: 'sales-room-renamed@contoso.com' });
    await emulator.emu.control.createEvent(room.emuId, {
      subject: 'after the rename',
      start: { dateTime: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      end: {
        dateTime: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString().slice(0, 19),
        timeZone: 'UTC',
      },
    });
    expect(await sync(connectorId, room.address, true)).toMatchObject({ syncStatus: 'OK', syncError: null });
    expect(await subjects(room.address)).toEqual(['after the rename', 'sales-room booking']);
  });

  it('resolves a mailbox added at connector creation at its first sync', async () => {
    const room = await roomWithAlias('board-room');
    const connectorId = await connector('lazy', ['Calendars.Read', 'User.Read.All'], [room.address]);
    expect((await gql(MAILBOX, { a: room.address })).mailbox.directoryId).toBeNull();
    expect(await sync(connectorId, room.address, false)).toMatchObject({
      syncStatus: 'OK',
      directoryId: room.emuId,
      userPrincipalName: room.upn,
    });
    expect(await subjects(room.address)).toEqual(['board-room booking']);
  });

  it('without User.Read.All the address cannot be resolved: a typed error, and the doctor names the permission', async () => {
    const room = await roomWithAlias('quiet-room');
    const connectorId = await connector('no directory', ['Calendars.Read'], [room.address]);
    expect(await sync(connectorId, room.address, false)).toMatchObject({
      syncStatus: 'ERROR',
      directoryId: null,
      syncError: { kind: 'MAILBOX_NOT_FOUND', code: 'ErrorInvalidUser' },
    });
    const doctor = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { checks { name status target code message remedy } } }`,
      { id: connectorId },
    );
    const probe = doctor.testConnector.checks.find(
      (c: { name: string; target: string | null }) =>
        c.name === 'MAILBOX_ACCESS' && c.target === room.address,
    );
    expect(probe).toMatchObject({ status: 'FAIL', code: 'ErrorInvalidUser' });
    expect(probe.message).toMatch(/object id or the user principal name/);
    expect(probe.remedy).toMatch(/User\.Read\.All/);
  });
});
