// Graph change notifications end to end: the API (listening, CALSYNC_PUBLIC_URL), the worker process and the
// emulator delivering notifications to the API's webhook. The connector interval (15 min) never elapses
// here, so every change that shows up came through a notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sync/support/worker-process.ts';
import { startSubscribedRoom, type SubscribedRoom } from './support/subscribed-room.ts';

let t: SubscribedRoom;

beforeAll(async () => {
  t = await startSubscribedRoom('push');
}, 120_000);

afterAll(async () => {
  await t?.stack.stop();
});

describe('Graph change notifications through API + worker + emulator', () => {
  it('subscribes the mailbox after its first sync, with the expiry Microsoft returned', async () => {
    const [subscription] = await t.emulatorSubscriptions();
    expect(subscription!.notificationUrl).toMatch(/\/webhooks\/graph$/);
    expect(subscription!.lifecycleNotificationUrl).toMatch(/\/webhooks\/graph\/lifecycle$/);
    expect(new Date((await t.notifications()).expiresAt!).getTime()).toBe(
      new Date(subscription!.expirationDateTime).getTime(),
    );
    const { testConnector } = await t.gql(
      `mutation($id: ID!) { testConnector(id: $id) { checks { name status message } } }`,
      { id: t.connectorId },
    );
    expect(testConnector.checks.find((c: { name: string }) => c.name === 'NOTIFICATIONS')).toMatchObject({
      status: 'PASS',
    });
  });

  it('shows a booking made in Outlook within seconds, without any scheduled poll', async () => {
    const started = Date.now();
    await t.book('Pushed booking', 1);
    await waitFor(
      async () => (await t.served()).some((e) => e.endsWith('Pushed booking')),
      15_000,
      t.stack.worker.output(),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await t.notifications()).lastNotificationAt).not.toBeNull();
    expect(await t.served()).toEqual(t.truth());
  });

  it('stays exact with duplicated and reordered notifications', async () => {
    await t.stack.emulator.emu.control.setNotificationSettings({
      faults: { duplicates: 2, reorder: true, delayMs: 200 },
    });
    const id = await t.book('Duplicated booking', 2);
    await t.book('Another booking', 3);
    await t.stack.emulator.emu.control.renameEvent(t.room.address, id, 'Duplicated booking (renamed)');
    await waitFor(
      async () => JSON.stringify(await t.served()) === JSON.stringify(t.truth()),
      20_000,
      t.stack.worker.output(),
    );
    await t.stack.emulator.emu.control.setNotificationSettings({
      faults: { duplicates: 0, reorder: false, delayMs: 0 },
    });
  });

  it('recreates the subscription on subscriptionRemoved and resyncs', async () => {
    const [before] = await t.emulatorSubscriptions();
    await t.stack.emulator.emu.control.sendLifecycleEvent(before!.id, 'subscriptionRemoved');
    await waitFor(
      async () => {
        const now = await t.emulatorSubscriptions();
        return now.length === 1 && now[0]!.id !== before!.id;
      },
      30_000,
      t.stack.worker.output(),
    );
    await t.book('After recreation', 4);
    await waitFor(
      async () => (await t.served()).some((e) => e.endsWith('After recreation')),
      15_000,
      t.stack.worker.output(),
    );
  });

  it('falls back to polling when the webhook answers the validation too slowly', async () => {
    await t.stack.emulator.emu.control.setNotificationSettings({ validationTimeoutMs: 1 });
    const [current] = await t.emulatorSubscriptions();
    await t.stack.emulator.emu.control.sendLifecycleEvent(current!.id, 'subscriptionRemoved');
    await waitFor(async () => (await t.notifications()).status === 'FAILED', 30_000, t.stack.worker.output());
    expect(await t.emulatorSubscriptions()).toEqual([]);
    await t.stack.emulator.emu.control.setNotificationSettings({ validationTimeoutMs: 10_000 });
  });
});
