// Graph notification delivery end to end, with two API instances behind one public URL that hands each
// request to the next instance (no sticky routing): both accept notifications, a forged clientState
// changes nothing, an unreachable endpoint ends in `missed` and a delta round, the emulator clock nearing
// the expiry gets the subscription renewed, and removing the mailbox deletes it. The connector interval
// (15 min) never elapses.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_KEY, type TestApi } from '../../support/test-api.ts';
import { waitFor } from '../sync/support/worker-process.ts';
import { startSubscribedRoom, type SubscribedRoom } from './support/subscribed-room.ts';

let t: SubscribedRoom;

beforeAll(async () => {
  t = await startSubscribedRoom('delivery', { apiInstances: 2 });
}, 120_000);

afterAll(async () => {
  await t?.stack.stop();
});

const control = () => t.stack.emulator.emu.control;

/** A counter's value on one API instance's /metrics (0 when never incremented). */
async function counter(api: TestApi, name: string, label: string): Promise<number> {
  const res = await api.app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  const line = res.body.split('\n').find((l) => l.startsWith(`${name}{${label}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

const deltaRequests = async (): Promise<number> =>
  (await control().requests({ route: 'delta', mailbox: t.room.id })).length;

/** Waits until no delta round of the mailbox is running or due (a previous test's may be); its delta count. */
async function quietDeltaRequests(): Promise<number> {
  let deltas = -1;
  await waitFor(
    async () => {
      const now = await deltaRequests();
      const quiet = now === deltas;
      deltas = now;
      await new Promise((r) => setTimeout(r, 700));
      return quiet;
    },
    15_000,
    'a quiet mailbox',
  );
  return deltas;
}

/** The mailbox's sync runs started since `since`, by trigger. */
async function syncRunsSince(since: Date): Promise<string[]> {
  const owner = new pg.Client({ connectionString: t.stack.api.database.adminUrl });
  await owner.connect();
  try {
    const rows = await owner.query<{ trigger: string }>(
      'select trigger from sync_runs where mailbox_id = $1 and started_at >= $2 order by started_at',
      [t.mailboxId, since],
    );
    return rows.rows.map((r) => r.trigger);
  } finally {
    await owner.end();
  }
}

const showsExactly = async (): Promise<boolean> =>
  JSON.stringify(await t.served()) === JSON.stringify(t.truth());

describe('Graph notification delivery through two API instances, the worker and the emulator', () => {
  it('accepts notifications on both API instances behind the one public URL', async () => {
    const acceptedBy = () =>
      t.stack.publicEndpoint!.answered().map((byRoute) => byRoute.get('POST /webhooks/graph 202') ?? 0);
    for (let i = 0; i < 6 && acceptedBy().some((n) => n === 0); i++) {
      const subject = `Round robin ${i}`;
      await t.book(subject, 1 + i);
      await waitFor(
        async () => (await t.served()).some((e) => e.endsWith(subject)),
        15_000,
        t.stack.worker.output(),
      );
    }
    expect(acceptedBy().every((n) => n > 0)).toBe(true);
    for (const api of t.stack.apis) {
      expect(
        await counter(api, 'calsync_graph_notifications_received_total', 'kind="change"'),
      ).toBeGreaterThan(0);
    }
    expect(await t.served()).toEqual(t.truth());
  });

  it('gives exactly one delta round when the same notification reaches both API instances', async () => {
    const deltas = await quietDeltaRequests();
    const since = new Date();
    const receivedBy = () =>
      Promise.all(
        t.stack.apis.map((api) =>
          counter(api, 'calsync_graph_notifications_received_total', 'kind="change"'),
        ),
      );
    const before = await receivedBy();
    // The emulator's notification of one booking goes to every instance at once.
    t.stack.publicEndpoint!.mirror(true);
    try {
      const subject = 'Delivered to both instances';
      await t.book(subject, 4);
      await waitFor(
        async () => (await t.served()).some((e) => e.endsWith(subject)),
        15_000,
        t.stack.worker.output(),
      );
      const after = await receivedBy();
      after.forEach((n, i) => expect(n).toBe(before[i]! + 1));
      // A second round would start 300 ms after its notification: give it ample time to show.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await deltaRequests()).toBe(deltas + 1);
      expect(await syncRunsSince(since)).toEqual(['NOTIFICATION']);
      expect(await t.served()).toEqual(t.truth());
    } finally {
      t.stack.publicEndpoint!.mirror(false);
    }
  });

  it('drops and counts a forged clientState and an unknown subscription id, with no sync', async () => {
    const [subscription] = await t.emulatorSubscriptions();
    const deltas = await quietDeltaRequests();
    const before = { deltas, seen: (await t.notifications()).lastNotificationAt };
    const item = {
      subscriptionId: subscription!.id,
      clientState: 'guessed-client-state',
      changeType: 'created',
      resource: `Users/${t.room.id}/Events/forged`,
      tenantId: t.stack.emulator.emu.state.seedSummary!.tenantId,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: 'forged' },
    };
    const forged = { value: [item, { ...item, subscriptionId: 'f0f0f0f0-0000-4000-8000-000000000000' }] };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${t.stack.publicEndpoint!.url}/webhooks/graph`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(forged),
      });
      expect(res.status).toBe(202);
    }
    const mismatches = await Promise.all(
      t.stack.apis.map((api) =>
        counter(api, 'calsync_graph_notifications_dropped_total', 'reason="client_state_mismatch"'),
      ),
    );
    const unknown = await Promise.all(
      t.stack.apis.map((api) =>
        counter(api, 'calsync_graph_notifications_dropped_total', 'reason="unknown_subscription"'),
      ),
    );
    expect(mismatches.reduce((a, b) => a + b, 0)).toBe(2);
    expect(unknown.reduce((a, b) => a + b, 0)).toBe(2);
    // An accepted notification would start a delta round after 300 ms; give it ample time not to happen.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await deltaRequests()).toBe(before.deltas);
    expect((await t.notifications()).lastNotificationAt).toBe(before.seen);
  });

  it('while calsync is unreachable the emulator retries, gives up, sends missed, and a delta round catches up', async () => {
    await control().setNotificationSettings({ retryBaseDelayMs: 100, retryMaxDelayMs: 200 });
    const failedChanges = async () =>
      (await control().notificationDeliveries()).attempts.filter((a) => a.kind === 'change' && !a.ok).length;
    const failedBefore = await failedChanges();
    t.stack.publicEndpoint!.cut();
    await t.book('Booked while calsync was down', 8);
    await waitFor(async () => (await failedChanges()) >= failedBefore + 3, 10_000, 'three failed deliveries');
    expect((await t.served()).some((e) => e.endsWith('Booked while calsync was down'))).toBe(false);

    // Graph gives up after 4 hours of retries; the emulator clock compresses them.
    await control().advanceClock(4 * 3_600_000 + 60_000);
    const lifecycleOk = async () =>
      (await control().notificationDeliveries()).attempts.filter((a) => a.kind === 'lifecycle' && a.ok)
        .length;
    const lifecycleBefore = await lifecycleOk();
    t.stack.publicEndpoint!.restore();
    await waitFor(async () => (await lifecycleOk()) > lifecycleBefore, 10_000, 'the missed lifecycle event');
    expect((await control().notificationDeliveries()).pending).toBe(0);
    await waitFor(
      showsExactly,
      20_000,
      `exact data after missed; worker output:\n${t.stack.worker.output()}`,
    );
    await control().setNotificationSettings({ retryBaseDelayMs: 60_000, retryMaxDelayMs: 15 * 60_000 });
  });

  it('renews the subscription when the emulator clock nears its expiry, and keeps delivering', async () => {
    const oldExpiry = new Date((await t.notifications()).expiresAt!).getTime();
    const [before] = await t.emulatorSubscriptions();
    const renewals = async () =>
      (await control().requests({ route: 'subscriptions', method: 'PATCH' })).filter((r) =>
        r.path.endsWith(before!.id),
      ).length;
    expect(await renewals()).toBe(0);
    const { now } = await control().getClock();
    // 30 minutes before the expiry on the emulator clock, Graph warns with reauthorizationRequired. calsync's
    // own clock stays behind, so the lifetime it asks for ends shortly after the old expiry.
    await control().advanceClock(oldExpiry - Date.parse(now) - 30 * 60_000);
    await waitFor(
      async () => new Date((await t.notifications()).expiresAt!).getTime() > oldExpiry,
      20_000,
      `a renewed expiry; worker output:\n${t.stack.worker.output()}`,
    );
    expect(await renewals()).toBeGreaterThan(0);
    const [after] = await t.emulatorSubscriptions();
    expect(after!.id).toBe(before!.id);
    expect(new Date(after!.expirationDateTime).getTime()).toBe(
      new Date((await t.notifications()).expiresAt!).getTime(),
    );
    expect((await t.notifications()).status).toBe('ACTIVE');
    await t.book('After the renewal', 9);
    await waitFor(showsExactly, 15_000, t.stack.worker.output());
  });

  it('deletes the subscription at Microsoft and locally when the mailbox is removed', async () => {
    expect(await t.emulatorSubscriptions()).toHaveLength(1);
    const removed = await t.gql(
      `mutation($c: ID!, $a: [String!]!) { removeMailboxes(connectorId: $c, addresses: $a) }`,
      { c: t.connectorId, a: [t.room.address] },
    );
    expect(removed.removeMailboxes).toBe(1);
    expect(await t.emulatorSubscriptions()).toEqual([]);
    const owner = new pg.Client({ connectionString: t.stack.api.database.adminUrl });
    await owner.connect();
    try {
      const rows = await owner.query('select 1 from graph_subscriptions');
      expect(rows.rowCount).toBe(0);
    } finally {
      await owner.end();
    }
  });
});
