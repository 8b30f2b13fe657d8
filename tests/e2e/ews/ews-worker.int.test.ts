// On-premises Exchange end to end: the public GraphQL API, the real worker process and the EWS emulator over
// HTTPS (NTLM), with real Postgres and Redis. Ground truth is the emulator's own calendar store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import {
  calsyncServes,
  createOnPremConnector,
  exchangeHolds,
  graphqlAs,
  type Gql,
} from './support/onprem-tenant.ts';

const ROOMS = ['berlin-spree@contoso.com', 'berlin-havel@contoso.com', 'berlin-tegel@contoso.com'];
const DAY = 86_400_000;

let stack: FullStack;
let ews: TestEwsEmulator;
let api: TestApi;
let gql: Gql;
let connectorId: string;

const MAILBOXES = `query($c: ID!) { mailboxes(connectorId: $c, first: 100) { nodes { id address syncStatus lastSyncedAt } } }`;

async function mailboxes(): Promise<
  { id: string; address: string; syncStatus: string; lastSyncedAt: string | null }[]
> {
  return (await gql(MAILBOXES, { c: connectorId })).mailboxes.nodes;
}

/** Syncs the granted rooms through the worker and waits until each finished a round after now. */
async function syncRooms(full: boolean): Promise<void> {
  const since = Date.now();
  await gql(`mutation($id: ID!, $full: Boolean) { syncConnector(id: $id, full: $full) { enqueued } }`, {
    id: connectorId,
    full,
  });
  await waitFor(
    async () =>
      (await mailboxes())
        .filter((m) => ROOMS.includes(m.address))
        .every(
          (m) => m.syncStatus === 'OK' && m.lastSyncedAt !== null && Date.parse(m.lastSyncedAt) >= since,
        ),
    90_000,
    `the rooms to sync; worker output:\n${stack.worker.output()}`,
  );
}

const window = () => ({ start: new Date(Date.now() - 2 * DAY), end: new Date(Date.now() + 21 * DAY) });
const truth = (address: string): string[] => exchangeHolds(ews, address, window());
const served = (address: string): Promise<string[]> => calsyncServes(gql, address, window());

/**
 * A killed worker leaves its job active until BullMQ's stall check and its connector slot leased until it
 * expires; production waits those out, the test clears them. The database stays as the kill left it.
 */
async function forgetKilledJobs(): Promise<void> {
  const { queues, redis, queuePrefix } = api.core;
  await queues.sync.obliterate({ force: true });
  const stale = [
    ...(await redis.keys(`${queuePrefix}:slots:*`)),
    ...(await redis.keys(`${queuePrefix}:sync:de:*`)),
  ];
  if (stale.length > 0) await redis.del(...stale);
}

beforeAll(async () => {
  stack = await startFullStack({ ews: true });
  ews = stack.ews!;
  api = stack.api;
  gql = graphqlAs(api, (await createTenantViaApi(api, 'onprem')).adminKey);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('on-premises Exchange end to end: API + worker + EWS emulator', () => {
  it('creates an EXCHANGE_ONPREM connector whose password never comes back, and diagnoses each mailbox', async () => {
    const monitor = ews.emulator.monitor!;
    const created = await createOnPremConnector(gql, ews, {
      name: 'Contoso on premises',
      location: { ewsUrl: ews.emulator.ewsUrl },
      mailboxes: [...ROOMS, ews.emulator.ungrantedMailbox!],
      fields:
        'id kind credentialKind credentialHint cloud exchangeOnPrem { ewsUrl username authentication exchangeVersion hasCaBundle maxConcurrency }',
    });
    connectorId = created.id;
    expect(created).toMatchObject({
      kind: 'EXCHANGE_ONPREM',
      credentialKind: 'PASSWORD',
      credentialHint: '',
      cloud: null,
      exchangeOnPrem: {
        username: monitor.domainUser,
        authentication: 'NTLM',
        exchangeVersion: 'EXCHANGE_2013_SP1',
        hasCaBundle: true,
        maxConcurrency: 8,
      },
    });
    expect(JSON.stringify(created)).not.toContain(monitor.password);

    const rooms = await gql(`mutation($id: ID!) { discoverRooms(connectorId: $id) { address kind } }`, {
      id: connectorId,
    });
    expect(rooms.discoverRooms.map((r: { address: string }) => r.address)).toContain(
      'tokyo-fuji@contoso.com',
    );

    const { testConnector } = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { ok checks { name status target code remedy } } }`,
      { id: connectorId },
    );
    const checks = new Map<string, any>(
      testConnector.checks.map((c: any) => [`${c.name} ${c.target ?? ''}`, c]),
    );
    expect(checks.get('AUTHENTICATION ')?.status).toBe('PASS');
    for (const room of ROOMS) expect(checks.get(`MAILBOX_ACCESS ${room}`)?.status).toBe('PASS');
    const ungranted = checks.get(`MAILBOX_ACCESS ${ews.emulator.ungrantedMailbox!}`);
    expect(ungranted).toMatchObject({ status: 'FAIL', code: 'ErrorFolderNotFound' });
    expect(ungranted.remedy).toContain('Add-MailboxPermission');
    expect(ungranted.remedy).toContain('Add-MailboxFolderPermission');
  });

  it('syncs the rooms through the worker and serves exactly what Exchange holds', async () => {
    await syncRooms(true);
    let compared = 0;
    for (const room of ROOMS) {
      const expected = truth(room);
      expect(await served(room), room).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(10);
    const ungranted = (await mailboxes()).find((m) => m.address === ews.emulator.ungrantedMailbox);
    expect(ungranted?.syncStatus).not.toBe('OK');
  });

  it('after create, update, delete and a series edit in Exchange the next sync serves exactly the new state', async () => {
    const room = ROOMS[0]!;
    const events = await ews.emulator.control.listEvents(room);
    const singles = events.filter((e) => e['type'] === 'singleInstance');
    const series = events.find((e) => e['type'] === 'seriesMaster');
    const at = new Date(Date.now() + 3 * DAY);
    at.setUTCHours(13, 0, 0, 0);
    await ews.emulator.control.createEvent(room, {
      subject: 'Board review (on premises)',
      start: { dateTime: at.toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(at.getTime() + 3_600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    await ews.emulator.control.updateEvent(room, String(singles[0]!['id']), {
      subject: 'Renamed in Outlook',
    });
    await ews.emulator.control.deleteEvent(room, String(singles[1]!['id']));
    expect(series).toBeDefined();
    await ews.emulator.control.updateEvent(room, String(series!['id']), {
      subject: 'Weekly sync (renamed series)',
    });
    await syncRooms(false);
    expect(await served(room)).toEqual(truth(room));
    expect((await served(room)).some((e) => e.endsWith('Board review (on premises)'))).toBe(true);
  });

  it('an edited and a cancelled occurrence of a series arrive exactly at the next sync', async () => {
    const { start, end } = window();
    const occurrencesOf = (address: string) =>
      ews.emulator.state.calendar
        .calendarView(ews.emulator.state.directory.mailbox(address)!.storeId, start, end, 'UTC')
        .filter((e) => e['type'] === 'occurrence');
    const room = ROOMS.find((r) => occurrencesOf(r).length >= 2)!;
    const occurrences = occurrencesOf(room);
    expect(occurrences.length).toBeGreaterThanOrEqual(2);
    // Exchange keeps both as exceptions in the master: SyncFolderItems reports an Update of the series (§4.2).
    await ews.emulator.control.updateEvent(room, String(occurrences[0]!['id']), {
      subject: 'One week only: moved to the big room',
    });
    await ews.emulator.control.cancelEvent(room, String(occurrences[1]!['id']));
    await syncRooms(false);
    const after = await served(room);
    expect(after).toEqual(truth(room));
    expect(after.some((e) => e.endsWith('One week only: moved to the big room'))).toBe(true);
  });

  it('an address Exchange does not know fails alone as a missing mailbox', async () => {
    const ghost = 'left-the-company@contoso.com';
    await gql(`mutation($c: ID!, $a: [String!]!) { addMailboxes(connectorId: $c, addresses: $a) { id } }`, {
      c: connectorId,
      a: [ghost],
    });
    const { testConnector } = await gql(
      `mutation($id: ID!) { testConnector(id: $id) { checks { name status target code } } }`,
      { id: connectorId },
    );
    expect(
      testConnector.checks.find((c: any) => c.name === 'MAILBOX_ACCESS' && c.target === ghost),
    ).toMatchObject({ status: 'FAIL', code: 'ErrorNonExistentMailbox' });
    await syncRooms(false);
    await waitFor(
      async () => (await mailboxes()).find((m) => m.address === ghost)?.syncStatus === 'ERROR',
      60_000,
      `the unknown address to fail; worker output:\n${stack.worker.output()}`,
    );
    await gql(`mutation($c: ID!, $a: [String!]!) { removeMailboxes(connectorId: $c, addresses: $a) }`, {
      c: connectorId,
      a: [ghost],
    });
  });

  it('waits exactly the BackOffMilliseconds of an ErrorServerBusy before asking again', async () => {
    const room = ROOMS[1]!;
    const before = (await ews.emulator.control.requests()).at(-1)?.seq ?? 0;
    await ews.emulator.control.addFault({
      type: 'serverBusy',
      backOffMs: 1500,
      operation: 'SyncFolderItems',
      mailbox: room,
    });
    await syncRooms(false);
    const log = (await ews.emulator.control.requests({ afterSeq: before, mailbox: room })).filter(
      (r) => r.route === 'SyncFolderItems' && r.status !== 401,
    );
    const busy = log.find((r) => r.status === 500);
    expect(busy).toBeDefined();
    const retry = log.find((r) => r.seq > busy!.seq && r.status === 200);
    expect(retry).toBeDefined();
    expect(
      Date.parse(retry!.startedAt) - Date.parse(busy!.endedAt ?? busy!.startedAt),
    ).toBeGreaterThanOrEqual(1500);
  });

  it('a worker SIGKILL mid-sync leaves no duplicates and the restarted worker finishes exactly', async () => {
    await ews.emulator.control.mutateRandomly(6);
    // Slower GetItem calls widen the window in which the kill lands mid-round.
    await ews.emulator.control.addFault({ type: 'latency', ms: 100, operation: 'GetItem', count: 10_000 });
    await gql(`mutation($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`, { id: connectorId });
    await waitFor(
      async () => (await mailboxes()).some((m) => m.syncStatus === 'SYNCING'),
      30_000,
      `a round to start; worker output:\n${stack.worker.output()}`,
    );
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
    await stack.worker.kill('SIGKILL');
    await forgetKilledJobs();
    await ews.emulator.control.clearFaults();
    stack.restartWorker();
    await syncRooms(false);
    for (const room of ROOMS) expect(await served(room), room).toEqual(truth(room));
  });

  it('grants removed after the set-up script fail only that mailbox, diagnosed with the command that fixes them', async () => {
    const room = ROOMS[2]!;
    const monitor = ews.emulator.monitor!.samAccountName;
    // Berlin mailboxes are German: the set-up script's folder path names "Kalender", not "Calendar".
    const calendar = `${room}:\\Kalender`;
    const access = async () => {
      const { testConnector } = await gql(
        `mutation($id: ID!) { testConnector(id: $id) { checks { name status target code remedy } } }`,
        { id: connectorId },
      );
      return testConnector.checks.find((c: any) => c.name === 'MAILBOX_ACCESS' && c.target === room);
    };

    // Remove-MailboxPermission: Reviewer alone still reads the calendar, the check warns with the command.
    await ews.emulator.control.setFullAccess(room, monitor, false);
    const reviewerOnly = await access();
    expect(reviewerOnly.status).toBe('WARN');
    expect(reviewerOnly.remedy).toContain('Add-MailboxPermission');
    expect(reviewerOnly.remedy).not.toContain('Add-MailboxFolderPermission');
    await syncRooms(false);
    expect(await served(room)).toEqual(truth(room));

    // Then the folder permission too: the mailbox's rounds fail on their own, the other rooms keep syncing.
    await ews.emulator.control.setFolderPermission(calendar, monitor, 'None');
    const none = await access();
    expect(none).toMatchObject({ status: 'FAIL', code: 'ErrorFolderNotFound' });
    expect(none.remedy).toContain('Add-MailboxPermission');
    expect(none.remedy).toContain('Add-MailboxFolderPermission');
    const since = Date.now();
    await gql(`mutation($id: ID!) { syncConnector(id: $id) { enqueued } }`, { id: connectorId });
    await waitFor(
      async () => {
        const all = await mailboxes();
        const denied = all.find((m) => m.address === room);
        const others = all.filter((m) => ROOMS.includes(m.address) && m.address !== room);
        return (
          denied?.syncStatus === 'ERROR' &&
          others.every((m) => m.syncStatus === 'OK' && Date.parse(m.lastSyncedAt ?? '0') >= since)
        );
      },
      90_000,
      `the ungranted room to fail alone; worker output:\n${stack.worker.output()}`,
    );
    const { connector } = await gql(`query($id: ID!) { connector(id: $id) { status } }`, {
      id: connectorId,
    });
    expect(connector.status).not.toBe('AUTH_FAILED');

    // Re-running the set-up script's two commands heals the mailbox at its next round.
    await ews.emulator.control.setFullAccess(room, monitor, true);
    await ews.emulator.control.setFolderPermission(calendar, monitor, 'Reviewer');
    await syncRooms(false);
    expect(await served(room)).toEqual(truth(room));
  });

  it('a wrong password makes the connector AUTH_FAILED without a retry storm', async () => {
    const before = (await ews.emulator.control.requests()).at(-1)?.seq ?? 0;
    await gql(
      `mutation($id: ID!, $input: UpdateConnectorInput!) { updateConnector(id: $id, input: $input) { id } }`,
      {
        id: connectorId,
        input: { exchangeOnPrem: { password: 'Winter2030!-wrong' } },
      },
    );
    await waitFor(
      async () =>
        (await gql(`query($id: ID!) { connector(id: $id) { status } }`, { id: connectorId })).connector
          .status === 'AUTH_FAILED',
      60_000,
      `AUTH_FAILED; worker output:\n${stack.worker.output()}`,
    );
    // Until the check ran, jobs already queued may each try once: one handshake (Type 1 + refused Type 3) apiece.
    const beforeBlocked = (await ews.emulator.control.requests({ afterSeq: before })).filter(
      (r) => r.status === 401,
    );
    expect(beforeBlocked.length).toBeLessThanOrEqual(6);
    // Rounds that were already running when the password changed end at their next call (auth gives up).
    let blockedAt = -1;
    await waitFor(
      async () => {
        const last = (await ews.emulator.control.requests()).at(-1)?.seq ?? 0;
        const quiet = last === blockedAt;
        blockedAt = last;
        if (!quiet) await new Promise((r) => setTimeout(r, 1_000));
        return quiet;
      },
      30_000,
      'running rounds to end',
    );
    await gql(`mutation($id: ID!) { syncConnector(id: $id) { enqueued } }`, { id: connectorId });
    await new Promise((r) => setTimeout(r, 3_000));
    // An AUTH_FAILED connector is not synced: nothing more reaches Exchange to count against the lockout policy.
    expect(await ews.emulator.control.requests({ afterSeq: blockedAt })).toEqual([]);
    const { connector } = await gql(
      `query($id: ID!) { connector(id: $id) { statusDetail lastDiagnostics { checks { name status remedy } } } }`,
      { id: connectorId },
    );
    expect(JSON.stringify(connector)).not.toContain('Winter2030!-wrong');
  });
});
