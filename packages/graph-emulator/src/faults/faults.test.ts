import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import { shapeDifferences } from '../testing/json-shape.ts';
import { readSample } from '../testing/samples.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

let t: TrustedEmulator;
let org: ProvisionedTenant;
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
const cv = () => `/v1.0/users/${org.mailboxes.adele}/calendarView?${WINDOW}`;
const delta = () => `/v1.0/users/${org.mailboxes.adele}/calendarView/delta?${WINDOW}`;

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-20T00:00:00Z') });
  org = await provisionTenant(t, 'Faulty', ['Calendars.Read']);
  for (let i = 0; i < 9; i++) {
    await t.emu.control.createEvent(org.mailboxes.adele, {
      subject: `Event ${i}`,
      start: { dateTime: `2030-01-${String(i + 10)}T10:00:00`, timeZone: 'UTC' },
      end: { dateTime: `2030-01-${String(i + 10)}T11:00:00`, timeZone: 'UTC' },
    });
  }
});
afterAll(() => t.stop());
beforeEach(() => t.emu.control.clearFaults());

describe('Graph faults', () => {
  it.each([429, 500, 503, 504])(
    'answers %i once, with a fractional Retry-After when asked, then recovers',
    async (status) => {
      await t.emu.control.addFault({
        type: 'status',
        status,
        retryAfterSeconds: 1.5,
        route: 'calendarView',
        mailbox: `adele@${org.domain}`,
      });
      const failed = await t.get(cv(), org.token);
      expect(failed.status).toBe(status);
      expect(failed.headers['retry-after']).toBe('1.5');
      expect((failed.json as { error: { code: string } }).error.code).toBeTypeOf('string');
      expect((await t.get(cv(), org.token)).status).toBe(200);
    },
  );

  it('scopes faults by mailbox', async () => {
    await t.emu.control.addFault({ type: 'status', status: 503, mailbox: org.mailboxes.megan, count: 5 });
    expect((await t.get(cv(), org.token)).status).toBe(200);
    expect((await t.get(`/v1.0/users/${org.mailboxes.megan}/calendarView?${WINDOW}`, org.token)).status).toBe(
      503,
    );
  });

  it('matches path globs and fires `count` times', async () => {
    await t.emu.control.addFault({
      type: 'status',
      status: 500,
      route: '/v1.0/users/*/calendarView',
      count: 2,
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.get(cv(), org.token)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('resets the connection', async () => {
    await t.emu.control.addFault({ type: 'reset', route: 'calendarView' });
    await expect(t.get(cv(), org.token)).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|socket hang up/) as unknown,
    });
  });

  it('adds latency', async () => {
    await t.emu.control.addFault({ type: 'latency', ms: 300, route: 'calendarView' });
    const started = Date.now();
    expect((await t.get(cv(), org.token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it.each(['truncatedJson', 'malformedJson'] as const)('sends a %s body with a 200', async (type) => {
    await t.emu.control.addFault({ type, route: 'calendarView' });
    const res = await t.get(cv(), org.token);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(res.text) as unknown).toThrow();
  });

  it('starts a delta round with an empty page that carries a nextLink', async () => {
    await t.emu.control.addFault({ type: 'emptyFirstPage', route: 'delta' });
    const first = await t.get(delta(), org.token, { prefer: 'odata.maxpagesize=50' });
    const body = first.json as { value: unknown[]; '@odata.nextLink': string };
    expect(body.value).toEqual([]);
    expect(shapeDifferences(body, readSample('delta-initial-empty-page-with-nextlink.json'))).toEqual([]);
    expect(first.headers['preference-applied']).toContain('odata.track-changes');
    const second = await t.get(body['@odata.nextLink'], org.token, { prefer: 'odata.maxpagesize=50' });
    expect((second.json as { value: unknown[] }).value).toHaveLength(9);
  });

  it('replays the previous page and ignores maxpagesize on an oversized page', async () => {
    const first = (await t.get(delta(), org.token, { prefer: 'odata.maxpagesize=2' })).json as {
      value: Array<{ id: string }>;
      '@odata.nextLink': string;
    };
    await t.emu.control.addFault({ type: 'replayItems', route: 'delta' });
    const replayed = (await t.get(first['@odata.nextLink'], org.token, { prefer: 'odata.maxpagesize=2' }))
      .json as { value: Array<{ id: string }>; '@odata.nextLink': string };
    expect(replayed.value.slice(0, 2).map((e) => e.id)).toEqual(first.value.map((e) => e.id));
    expect(replayed.value).toHaveLength(4);
    await t.emu.control.addFault({ type: 'oversizedPage', factor: 3, route: 'delta' });
    const big = (await t.get(replayed['@odata.nextLink'], org.token, { prefer: 'odata.maxpagesize=2' }))
      .json as { value: unknown[] };
    expect(big.value).toHaveLength(5);
  });

  it('applies probability faults deterministically-enough and never beyond count', async () => {
    await t.emu.control.addFault({
      type: 'status',
      status: 503,
      route: 'calendarView',
      probability: 1,
      count: 3,
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.get(cv(), org.token)).status);
    expect(statuses).toEqual([503, 503, 503, 200, 200]);
  });
});

describe('token endpoint faults', () => {
  it('answers an injected AADSTS error and a 429 with Retry-After in Entra’s shape', async () => {
    await t.emu.control.addFault({
      type: 'tokenError',
      status: 400,
      error: 'invalid_request',
      code: 90055,
      message: 'TenantThrottlingError',
    });
    const r1 = await t.requestToken({ tenant: org.tenantId, clientId: org.clientId, secret: org.secret });
    expect(r1.status).toBe(400);
    expect(r1.json).toMatchObject({ error: 'invalid_request', error_codes: [90055] });
    await t.emu.control.addFault({ type: 'status', status: 429, retryAfterSeconds: 2, route: 'token' });
    const r2 = await t.requestToken({ tenant: org.tenantId, clientId: org.clientId, secret: org.secret });
    expect(r2.status).toBe(429);
    expect(r2.headers['retry-after']).toBe('2');
    expect((r2.json as { error_description: string }).error_description).toMatch(/^AADSTS\d+: /);
    expect(
      (await t.requestToken({ tenant: org.tenantId, clientId: org.clientId, secret: org.secret })).status,
    ).toBe(200);
  });
});

describe('throttling and the request log', () => {
  it('rejects a 5th concurrent request per app+mailbox and logs timings', async () => {
    await t.emu.control.clearRequests();
    await t.emu.control.addFault({ type: 'latency', ms: 400, route: 'calendarView', count: 5 });
    // Separate sockets so the five requests really overlap.
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${t.emu.url}${cv()}`,
          { ca: t.emu.caCertPem, agent: false, headers: { authorization: `Bearer ${org.token}` } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const statuses = await Promise.all([get(), get(), get(), get(), get()]);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    const log = await t.emu.control.requests({ route: 'calendarView', appId: org.clientId });
    expect(log).toHaveLength(5);
    expect(
      log.every((e) => e.mailbox === org.mailboxes.adele && e.endedAt !== null && e.startedAt <= e.endedAt),
    ).toBe(true);
  });

  it('throttles per app per second when configured', async () => {
    await t.emu.control.setThrottling({ appRequestsPerSecond: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await t.get(cv(), org.token)).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses).toContain(429);
    } finally {
      await t.emu.control.setThrottling({});
    }
  });
});
