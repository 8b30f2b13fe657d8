import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNotificationReceiver } from '../testing/notification-receiver.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';
import { shapeDifferences } from '../testing/json-shape.ts';
import { readSample } from '../testing/samples.ts';

let t: TrustedEmulator;
let org: ProvisionedTenant;
let receiver: Awaited<ReturnType<typeof startNotificationReceiver>>;
const NOW = new Date('2030-01-06T08:00:00Z');

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: NOW });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  receiver = await startNotificationReceiver();
});

afterAll(async () => {
  await receiver.close();
  await t.stop();
});

beforeEach(async () => {
  receiver.setMode('echo');
  receiver.received.length = 0;
  for (const s of await t.emu.control.listSubscriptions()) t.emu.state.subscriptions.remove(s.id);
  t.emu.state.deliveries.clear();
  await t.emu.control.setNotificationSettings({
    validationTimeoutMs: 10_000,
    maxPerMailbox: 1000,
    faults: { dropRate: 0, delayMs: 0, duplicates: 0, reorder: false },
  });
});

/** Tests that move the emulator clock past the token's lifetime get a new one. */
async function refreshToken(): Promise<void> {
  const res = await t.requestToken({ tenant: org.tenantId, clientId: org.clientId, secret: org.secret });
  org = { ...org, token: (res.json as { access_token: string }).access_token };
}

const inMinutes = (min: number): string => new Date(t.emu.state.clock.nowMs() + min * 60_000).toISOString();

function graph(method: string, path: string, body?: unknown, token = org.token) {
  return t.http.send(`${t.emu.url}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function subscribe(overrides: Record<string, unknown> = {}, token?: string) {
  return graph(
    'POST',
    '/subscriptions',
    {
      changeType: 'created,updated,deleted',
      notificationUrl: `${receiver.url}/notify?tenant=a`,
      lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
      resource: `/users/${org.mailboxes.adele}/events`,
      expirationDateTime: inMinutes(4000),
      clientState: 'secret-client-state',
      ...overrides,
    },
    token,
  );
}

async function createEvent(subject: string): Promise<string> {
  const e = await t.emu.control.createEvent(org.mailboxes.adele, {
    subject,
    start: { dateTime: '2030-01-07T09:00:00', timeZone: 'UTC' },
    end: { dateTime: '2030-01-07T10:00:00', timeZone: 'UTC' },
  });
  return e.id;
}

async function until<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sampleItem = (name: string): unknown => (readSample(name) as { value: unknown[] }).value[0];

const notifications = (path = '/notify'): Array<Record<string, unknown>> =>
  receiver.received
    .filter((r) => r.path === path && r.validationToken === null)
    .flatMap((r) => (r.body as { value: Array<Record<string, unknown>> }).value);

describe('creating a subscription', () => {
  it('validates both URLs with a decoded token, then answers 201 in the documented shape', async () => {
    const res = await subscribe();
    expect(res.status).toBe(201);
    const validations = receiver.received.filter((r) => r.validationToken !== null);
    expect(validations.map((v) => v.path)).toEqual(['/notify', '/lifecycle']);
    expect(validations[0]!.validationToken).toContain(' ');
    const sample = readSample('subscription-create-response-outlook-full.json');
    expect(shapeDifferences(res.json, sample, { nullable: ['lifecycleNotificationUrl'] })).toEqual([]);
    const body = res.json as Record<string, string>;
    expect(body.changeType).toBe('created,updated,deleted');
    expect(body.lifecycleNotificationUrl).toBe(`${receiver.url}/lifecycle`);
  });

  it('fails with 400 and creates nothing when the endpoint answers too slowly or echoes the token encoded', async () => {
    await t.emu.control.setNotificationSettings({ validationTimeoutMs: 300 });
    receiver.setMode('slow');
    const slow = await subscribe();
    expect(slow.status).toBe(400);
    expect((slow.json as { error: { code: string } }).error.code).toBe('ValidationError');
    receiver.setMode('encodedEcho');
    const encoded = await subscribe();
    expect(encoded.status).toBe(400);
    expect(await t.emu.control.listSubscriptions()).toEqual([]);
  });

  it('refuses an expiration beyond 4,230 minutes, a plain-http public URL and calendarView', async () => {
    const tooLong = await subscribe({ expirationDateTime: inMinutes(4231) });
    expect(tooLong.status).toBe(400);
    expect((tooLong.json as { error: { message: string } }).error.message).toBe(
      'Subscription expiration can only be 4230 minutes in the future.',
    );
    expect((await subscribe({ notificationUrl: 'http://example.com/notify' })).status).toBe(400);
    expect((await subscribe({ resource: `/users/${org.mailboxes.adele}/calendarView` })).status).toBe(400);
    expect(receiver.received).toEqual([]);
  });

  it('needs Calendars.Read and counts the per-mailbox limit across apps', async () => {
    const other = await provisionTenant(t, 'Fabrikam', ['User.Read.All']);
    const denied = await subscribe({ resource: `/users/${other.mailboxes.adele}/events` }, other.token);
    expect(denied.status).toBe(403);
    await t.emu.control.setNotificationSettings({ maxPerMailbox: 2 });
    expect((await subscribe()).status).toBe(201);
    expect((await subscribe()).status).toBe(201);
    const third = await subscribe();
    expect(third.status).toBe(403);
  });
});

describe('managing a subscription', () => {
  it('lists, renews (PATCH), reauthorizes and deletes; an unknown id is 404', async () => {
    const id = ((await subscribe()).json as { id: string }).id;
    const list = (await graph('GET', '/subscriptions')).json as { value: Array<{ id: string }> };
    expect(list.value.map((s) => s.id)).toEqual([id]);
    const renewed = await graph('PATCH', `/subscriptions/${id}`, { expirationDateTime: inMinutes(4200) });
    expect(renewed.status).toBe(200);
    expect(Date.parse((renewed.json as { expirationDateTime: string }).expirationDateTime)).toBeGreaterThan(
      Date.parse(inMinutes(4100)),
    );
    expect((await graph('POST', `/subscriptions/${id}/reauthorize`)).status).toBe(204);
    expect((await graph('DELETE', `/subscriptions/${id}`)).status).toBe(204);
    expect((await graph('GET', `/subscriptions/${id}`)).status).toBe(404);
    expect((await graph('PATCH', `/subscriptions/${id}`, { expirationDateTime: inMinutes(60) })).status).toBe(
      404,
    );
  });

  it('is gone once its expiration passes on the emulator clock', async () => {
    const id = ((await subscribe({ expirationDateTime: inMinutes(60) })).json as { id: string }).id;
    await t.emu.control.advanceClock(61 * 60_000);
    await refreshToken();
    expect((await graph('GET', `/subscriptions/${id}`)).status).toBe(404);
  });
});

describe('delivering change notifications', () => {
  it('posts Microsoft’s payload after an event mutation', async () => {
    const id = ((await subscribe()).json as { id: string }).id;
    const eventId = await createEvent('Planning');
    const [n] = await until(() => (notifications().length > 0 ? notifications() : undefined));
    const post = receiver.received.find((r) => r.validationToken === null)!;
    expect(post.path).toBe('/notify');
    expect(n).toMatchObject({
      subscriptionId: id,
      clientState: 'secret-client-state',
      changeType: 'created',
      tenantId: org.tenantId,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: eventId },
    });
    expect(shapeDifferences(n, sampleItem('change-notification-outlook-without-resource-data.json'))).toEqual(
      [],
    );
    expect(String((n!.resourceData as Record<string, string>)['@odata.etag'])).toMatch(/^W\/"/);
    expect(typeof n!.subscriptionExpirationDateTime).toBe('string');
  });

  it('retries a failing endpoint with back-off on the emulator clock, then gives up and sends missed', async () => {
    await subscribe();
    receiver.setMode('fail');
    await createEvent('Lost');
    await until(() => (receiver.received.some((r) => r.path === '/notify' && r.body) ? true : undefined));
    const attemptsBefore = (await t.emu.control.notificationDeliveries()).attempts.filter(
      (a) => a.kind === 'change',
    );
    expect(attemptsBefore.every((a) => a.status === 500)).toBe(true);
    await t.emu.control.advanceClock(61_000);
    await until(() =>
      receiver.received.filter((r) => r.path === '/notify' && r.body).length >= 2 ? true : undefined,
    );
    receiver.setMode('echo');
    await t.emu.control.advanceClock(4 * 3_600_000 + 60_000);
    await refreshToken();
    const [missed] = await until(() =>
      notifications('/lifecycle').length > 0 ? notifications('/lifecycle') : undefined,
    );
    expect(missed).toMatchObject({ lifecycleEvent: 'missed', clientState: 'secret-client-state' });
    expect((await t.emu.control.notificationDeliveries()).pending).toBe(0);
  });

  it('applies the duplicate, drop and reorder faults', async () => {
    await subscribe();
    await t.emu.control.setNotificationSettings({ faults: { duplicates: 2 } });
    const dup = await createEvent('Twice');
    await until(() => (notifications().length >= 3 ? true : undefined));
    expect(notifications().map((n) => (n.resourceData as { id: string }).id)).toEqual([dup, dup, dup]);

    receiver.received.length = 0;
    await t.emu.control.setNotificationSettings({ faults: { duplicates: 0, dropRate: 1 } });
    await createEvent('Never told');
    await new Promise((r) => setTimeout(r, 200));
    expect(notifications()).toEqual([]);

    await t.emu.control.setNotificationSettings({ faults: { dropRate: 0, reorder: true, delayMs: 1_000 } });
    const first = await createEvent('First');
    const second = await createEvent('Second');
    await until(() => (notifications().length >= 2 ? true : undefined));
    expect(notifications().map((n) => (n.resourceData as { id: string }).id)).toEqual([second, first]);
  });
});

describe('lifecycle notifications on demand', () => {
  it('reauthorizationRequired pauses notifications until the app reauthorizes', async () => {
    const id = ((await subscribe()).json as { id: string }).id;
    await t.emu.control.sendLifecycleEvent(id, 'reauthorizationRequired');
    const [event] = await until(() =>
      notifications('/lifecycle').length > 0 ? notifications('/lifecycle') : undefined,
    );
    expect(event).toMatchObject({ subscriptionId: id, lifecycleEvent: 'reauthorizationRequired' });
    expect(shapeDifferences(event, sampleItem('lifecycle-notification.json'))).toEqual([]);
    await createEvent('During the pause');
    await new Promise((r) => setTimeout(r, 150));
    expect(notifications()).toEqual([]);
    await graph('POST', `/subscriptions/${id}/reauthorize`);
    await createEvent('After reauthorizing');
    await until(() => (notifications().length === 1 ? true : undefined));
  });

  it('warns with reauthorizationRequired once the emulator clock nears the expiry, without pausing', async () => {
    const id = ((await subscribe({ expirationDateTime: inMinutes(90) })).json as { id: string }).id;
    await new Promise((r) => setTimeout(r, 400));
    expect(notifications('/lifecycle')).toEqual([]);
    await t.emu.control.advanceClock(31 * 60_000);
    await refreshToken();
    const [warning] = await until(() =>
      notifications('/lifecycle').length > 0 ? notifications('/lifecycle') : undefined,
    );
    expect(warning).toMatchObject({ subscriptionId: id, lifecycleEvent: 'reauthorizationRequired' });
    await createEvent('Still told');
    await until(() => (notifications().length === 1 ? true : undefined));
    const renewed = await graph('PATCH', `/subscriptions/${id}`, { expirationDateTime: inMinutes(4000) });
    expect(renewed.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(notifications('/lifecycle')).toHaveLength(1);
  });

  it('subscriptionRemoved deletes the subscription', async () => {
    const id = ((await subscribe()).json as { id: string }).id;
    await t.emu.control.sendLifecycleEvent(id, 'subscriptionRemoved');
    await until(() => (notifications('/lifecycle').length > 0 ? true : undefined));
    expect((await graph('GET', `/subscriptions/${id}`)).status).toBe(404);
  });
});
