import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../directory/types.ts';
import type { HttpsResponse } from '../http/https-json.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { TrustedEmulator } from '../testing/trusted-emulator.ts';
import { shapeDifferences } from '../testing/json-shape.ts';
import { readSample } from '../testing/samples.ts';

let t: TrustedEmulator;
let token: string;
let adele: Mailbox;
let eventIds: string[];

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { id?: string; subject?: string; error?: { code: string } };
}

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-15T00:00:00Z') });
  const org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
  token = org.token;
  adele = await t.emu.control.getMailbox(org.mailboxes.adele);
  eventIds = [];
  for (let i = 0; i < 6; i++) {
    const e = await t.emu.control.createEvent(adele.id, {
      subject: `Event ${i}`,
      start: { dateTime: `2030-01-0${i + 1}T10:00:00`, timeZone: 'UTC' },
      end: { dateTime: `2030-01-0${i + 1}T11:00:00`, timeZone: 'UTC' },
    });
    eventIds.push(e.id);
  }
});
afterAll(() => t.stop());

function postBatch(body: unknown, bearer = token): Promise<HttpsResponse> {
  return t.http.send(`${t.emu.url}/v1.0/$batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const eventRequest = (id: string, eventId: string, extra: Record<string, unknown> = {}) => ({
  id,
  method: 'GET',
  url: `/users/${adele.id}/events/${encodeURIComponent(eventId)}`,
  ...extra,
});

const responsesOf = (res: HttpsResponse): ItemResponse[] =>
  (res.json as { responses: ItemResponse[] }).responses;

describe('POST /v1.0/$batch (docs/microsoft-graph.md §6.1)', () => {
  it('answers each item with its own status, headers and body, shaped like batch-response.json', async () => {
    const res = await postBatch({
      requests: [
        eventRequest('1', eventIds[0]!),
        eventRequest('2', 'no-such-event'),
        { id: '3', method: 'GET', url: `users/${adele.address}/events/${encodeURIComponent(eventIds[1]!)}` },
        { id: '4', method: 'GET', url: '/users/x/mailFolders' },
      ],
    });
    expect(res.status).toBe(200);
    expect(shapeDifferences(res.json, readSample('batch-response.json'), { skip: ['body'] })).toEqual([]);
    const byId = new Map(responsesOf(res).map((r) => [r.id, r]));
    expect(byId.get('1')).toMatchObject({ status: 200, body: { id: eventIds[0], subject: 'Event 0' } });
    expect(byId.get('1')!.headers['Content-Type']).toMatch(/^application\/json/);
    expect(byId.get('2')).toMatchObject({ status: 404, body: { error: { code: 'ErrorItemNotFound' } } });
    expect(byId.get('3')).toMatchObject({ status: 200, body: { subject: 'Event 1' } });
    expect(byId.get('4')).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('refuses a batch of 21 requests with a Graph 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => eventRequest(String(i + 1), eventIds[0]!));
    const res = await postBatch({ requests });
    expect(res.status).toBe(400);
    expect(shapeDifferences(res.json, readSample('graph-error-404-resource-not-found.json'))).toEqual([]);
    expect((res.json as { error: { code: string } }).error.code).toBe('BadRequest');
    const twenty = await postBatch({ requests: requests.slice(0, 20) });
    expect(twenty.status).toBe(200);
    expect(responsesOf(twenty)).toHaveLength(20);
  });

  it('refuses duplicate ids and a bad token for the whole batch', async () => {
    const dup = await postBatch({
      requests: [eventRequest('a', eventIds[0]!), eventRequest('A', eventIds[1]!)],
    });
    expect(dup.status).toBe(400);
    const unauth = await postBatch({ requests: [eventRequest('1', eventIds[0]!)] }, 'not-a-token');
    expect(unauth.status).toBe(401);
  });

  it('fails the dependents of a failed item with 424', async () => {
    const res = await postBatch({
      requests: [
        eventRequest('1', 'missing'),
        eventRequest('2', eventIds[0]!, { dependsOn: ['1'] }),
        eventRequest('3', eventIds[1]!),
      ],
    });
    const byId = new Map(responsesOf(res).map((r) => [r.id, r.status]));
    expect(Object.fromEntries(byId)).toEqual({ '1': 404, '2': 424, '3': 200 });
  });

  it('throttles items one by one: a 429 with its own Retry-After inside a 200 batch', async () => {
    await t.emu.control.setThrottling({ mailboxRequestsPerWindow: 3, mailboxWindowSeconds: 600 });
    try {
      const res = await postBatch({
        requests: eventIds.slice(0, 5).map((e, i) => eventRequest(String(i), e)),
      });
      expect(res.status).toBe(200);
      const items = responsesOf(res);
      expect(items.filter((r) => r.status === 200)).toHaveLength(3);
      const throttled = items.filter((r) => r.status === 429);
      expect(throttled).toHaveLength(2);
      for (const r of throttled) {
        expect(Number(r.headers['Retry-After'])).toBeGreaterThan(0);
        expect(shapeDifferences(r.body, readSample('graph-error-429-throttled.json'))).toEqual([]);
      }
    } finally {
      await t.emu.control.setThrottling({});
      t.emu.state.throttle.reset();
    }
  });

  it('applies a route fault to the matching item only and logs the batch as one request', async () => {
    await t.emu.control.addFault({
      type: 'status',
      status: 503,
      route: 'event',
      retryAfterSeconds: 2,
      count: 1,
    });
    const before = (await t.emu.control.requests()).length;
    const res = await postBatch({
      requests: [eventRequest('1', eventIds[0]!), eventRequest('2', eventIds[1]!)],
    });
    const statuses = responsesOf(res)
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 503]);
    const failed = responsesOf(res).find((r) => r.status === 503)!;
    expect(failed.headers['Retry-After']).toBe('2');
    const logged = (await t.emu.control.requests()).slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ method: 'POST', route: 'batch', mailbox: adele.id, status: 200 });
  });
});
