import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpsResponse } from '../http/https-json.ts';
import type { RequestLogEntry } from '../request-log.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.10: throttling and 5xx bodies as tenants see them; $batch items 4 at a time.
let t: TrustedEmulator;
let org: ProvisionedTenant;
let eventIds: string[];

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-15T00:00:00Z') });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  eventIds = [];
  for (let i = 0; i < 12; i++) {
    const e = await t.emu.control.createEvent(org.mailboxes.adele, {
      subject: `Event ${i}`,
      start: { dateTime: `2030-01-${String(i + 1).padStart(2, '0')}T10:00:00`, timeZone: 'UTC' },
      end: { dateTime: `2030-01-${String(i + 1).padStart(2, '0')}T11:00:00`, timeZone: 'UTC' },
    });
    eventIds.push(e.id);
  }
});
afterAll(() => t.stop());

const eventPath = (id: string) => `/users/${org.mailboxes.adele}/events/${encodeURIComponent(id)}`;
const getEvent = (id: string) => t.get(`/v1.0${eventPath(id)}`, org.token);

function postBatch(body: unknown): Promise<HttpsResponse> {
  return t.http.send(`${t.emu.url}/v1.0/$batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Most entries running at one instant, from their start/end times. */
function maxOverlap(entries: RequestLogEntry[]): number {
  let max = 0;
  for (const e of entries) {
    const at = Date.parse(e.startedAt);
    const running = entries.filter(
      (o) => Date.parse(o.startedAt) <= at && Date.parse(o.endedAt ?? o.startedAt) > at,
    ).length;
    max = Math.max(max, running);
  }
  return max;
}

describe('throttling bodies (field)', () => {
  it('a fifth concurrent request gets 429 ApplicationThrottled / MailboxConcurrency with Retry-After: 1', async () => {
    await t.emu.control.addFault({ type: 'latency', ms: 300, route: 'event', count: 4 });
    const results = await Promise.all(eventIds.slice(0, 5).map((id) => getEvent(id)));
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.headers['retry-after']).toBe('1');
    expect((throttled[0]!.json as { error: unknown }).error).toMatchObject({
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
  });

  it('503 with an empty text/plain body and no Retry-After', async () => {
    await t.emu.control.addFault({ type: 'status', status: 503, emptyBody: true, route: 'event' });
    const res = await getEvent(eventIds[0]!);
    expect(res.status).toBe(503);
    expect(res.text).toBe('');
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('503 MailboxInfoStale with Retry-After, 504 UnknownError with an empty message', async () => {
    await t.emu.control.addFault({
      type: 'status',
      status: 503,
      code: 'MailboxInfoStale',
      message: 'Mailbox info is stale.',
      retryAfterSeconds: 2,
      route: 'event',
    });
    const stale = await getEvent(eventIds[0]!);
    expect(stale.status).toBe(503);
    expect(stale.headers['retry-after']).toBe('2');
    expect((stale.json as { error: unknown }).error).toMatchObject({ code: 'MailboxInfoStale' });

    await t.emu.control.addFault({
      type: 'status',
      status: 504,
      code: 'UnknownError',
      message: '',
      route: 'event',
    });
    const timeout = await getEvent(eventIds[0]!);
    expect(timeout.status).toBe(504);
    expect(timeout.headers['retry-after']).toBeUndefined();
    expect((timeout.json as { error: unknown }).error).toMatchObject({ code: 'UnknownError', message: '' });
  });

  it('runs $batch items 4 at a time, each logged as its own entry under the batch', async () => {
    await t.emu.control.addFault({ type: 'latency', ms: 150, route: 'event', count: 12 });
    const res = await postBatch({
      requests: eventIds.map((id, i) => ({ id: String(i + 1), method: 'GET', url: eventPath(id) })),
    });
    expect(res.status).toBe(200);
    const statuses = (res.json as { responses: Array<{ status: number }> }).responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);

    const [batch] = await t.emu.control.requests({ route: 'batch' });
    const items = (await t.emu.control.requests({ includeBatchItems: true })).filter(
      (e) => e.batch?.seq === batch!.seq,
    );
    expect(items).toHaveLength(12);
    expect(items.every((e) => e.route === 'event' && e.status === 200)).toBe(true);
    expect(maxOverlap(items)).toBe(4);
    // Items are not requests over the wire: the default log lists only the batch.
    expect((await t.emu.control.requests({ route: 'event' })).some((e) => e.batch)).toBe(false);
  });
});
