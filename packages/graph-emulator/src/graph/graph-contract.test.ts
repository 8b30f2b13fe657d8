import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../directory/types.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';
import { shapeDifferences } from '../testing/json-shape.ts';
import { readSample } from '../testing/samples.ts';

let t: TrustedEmulator;
let token: string;
let adele: Mailbox;
let org: ProvisionedTenant;
let seriesId: string;
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-03-01T00:00:00Z';

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-15T00:00:00Z') });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read', 'Place.Read.All', 'User.Read.All']);
  token = org.token;
  adele = await t.emu.control.getMailbox(org.mailboxes.adele);
  const series = await t.emu.control.createEvent(adele.id, {
    subject: 'Weekly sync',
    start: { dateTime: '2030-01-07T09:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2030-01-07T09:30:00', timeZone: 'W. Europe Standard Time' },
    location: { displayName: 'Room 1' },
    attendees: [
      { type: 'required', emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.onmicrosoft.com' } },
    ],
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'sunday' },
      range: { type: 'noEnd', startDate: '2030-01-07' },
    },
  });
  seriesId = series.id;
  for (let i = 0; i < 12; i++) {
    await t.emu.control.createEvent(adele.id, {
      subject: `Single ${i}`,
      start: { dateTime: `2030-02-${String(i + 1).padStart(2, '0')}T13:00:00`, timeZone: 'UTC' },
      end: { dateTime: `2030-02-${String(i + 1).padStart(2, '0')}T14:00:00`, timeZone: 'UTC' },
    });
  }
});
afterAll(() => t.stop());

const errorBody = (json: unknown) =>
  (json as { error: { code: string; message: string; innerError: Record<string, string> } }).error;

describe('calendarView (docs/microsoft-graph.md §2.2)', () => {
  it('requires both dates', async () => {
    const res = await t.get(`/v1.0/users/${adele.id}/calendarView?startDateTime=2030-01-01T00:00:00Z`, token);
    expect(res.status).toBe(400);
    expect(errorBody(res.json).code).toBe('ErrorInvalidParameter');
  });

  it('pages by 10 with $skip nextLinks, no masters, items shaped like calendarview-response.json', async () => {
    const seen: Array<Record<string, unknown>> = [];
    let url: string | undefined = `/v1.0/users/${adele.address}/calendarView?${WINDOW}`;
    let pages = 0;
    while (url) {
      const res = await t.get(url, token);
      expect(res.status).toBe(200);
      const body = res.json as { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
      expect(body.value.length).toBeLessThanOrEqual(10);
      seen.push(...body.value);
      url = body['@odata.nextLink'];
      if (url) expect(url).toContain('$skip=');
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen.some((e) => e.type === 'seriesMaster')).toBe(false);
    expect(seen.filter((e) => e.type === 'occurrence').length).toBeGreaterThan(10);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(
      shapeDifferences(seen[0], (readSample('calendarview-response.json') as { value: unknown[] }).value[0]),
    ).toEqual([]);
    expect((seen[0]!.start as { dateTime: string }).dateTime).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/,
    );
  });

  it('serves /calendar/calendarView and honours $top', async () => {
    const res = await t.get(`/v1.0/users/${adele.id}/calendar/calendarView?${WINDOW}&$top=3`, token);
    const body = res.json as { value: unknown[]; '@odata.nextLink': string };
    expect(body.value).toHaveLength(3);
    expect(body['@odata.nextLink']).toContain('/calendar/calendarView?');
  });

  it('converts to Prefer: outlook.timezone and says so in Preference-Applied', async () => {
    const res = await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}&$top=1`, token, {
      prefer: 'outlook.timezone="Pacific Standard Time"',
    });
    expect(res.headers['preference-applied']).toBe('outlook.timezone="Pacific Standard Time"');
    const first = (res.json as { value: Array<{ start: { timeZone: string; dateTime: string } }> }).value[0]!;
    expect(first.start).toEqual({
      timeZone: 'Pacific Standard Time',
      dateTime: '2030-01-07T00:00:00.0000000',
    });
  });
  it('converts HTML bodies for Prefer: outlook.body-content-type="text"', async () => {
    const e = await t.emu.control.createEvent(adele.id, {
      subject: 'Body test',
      body: {
        contentType: 'html',
        content:
          '<html><body><p>Join <a href="https://teams.example/x">here</a> &amp; bring snacks</p></body></html>',
      },
      start: { dateTime: '2030-02-20T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-02-20T10:00:00', timeZone: 'UTC' },
    });
    const res = await t.get(`/v1.0/users/${adele.id}/events/${e.id}`, token, {
      prefer: 'outlook.body-content-type="text"',
    });
    expect(res.headers['preference-applied']).toContain('outlook.body-content-type="text"');
    expect((res.json as { body: unknown }).body).toEqual({
      contentType: 'text',
      content: 'Join here & bring snacks',
    });
    const html = await t.get(`/v1.0/users/${adele.id}/events/${e.id}`, token);
    expect((html.json as { body: { contentType: string } }).body.contentType).toBe('html');
  });
});

describe('events and instances (docs/microsoft-graph.md §2.1, §2.3)', () => {
  it('returns a series master shaped like event-seriesmaster-full.json, recurrence with all defaults', async () => {
    const res = await t.get(`/v1.0/users/${adele.id}/events/${encodeURIComponent(seriesId)}`, token);
    expect(res.status).toBe(200);
    const sample = readSample('event-seriesmaster-full.json');
    expect(shapeDifferences(res.json, sample, { nullable: ['onlineMeetingUrl', 'seriesMasterId'] })).toEqual(
      [],
    );
    expect(
      (res.json as { recurrence: { pattern: Record<string, unknown> } }).recurrence.pattern,
    ).toMatchObject({ month: 0, dayOfMonth: 0, index: 'first' });
  });

  it('answers $select + Prefer: outlook.timezone like event-get-response-select-timezone.json', async () => {
    const select = 'subject,body,bodyPreview,organizer,attendees,start,end,location,hideAttendees';
    const res = await t.get(
      `/v1.0/users/${adele.id}/events/${encodeURIComponent(seriesId)}?$select=${select}`,
      token,
      {
        prefer: 'outlook.timezone="Pacific Standard Time"',
      },
    );
    expect(res.status).toBe(200);
    expect(shapeDifferences(res.json, readSample('event-get-response-select-timezone.json'))).toEqual([]);
    expect(Object.keys(res.json as object)).not.toContain('recurrence');
    expect((res.json as { start: { timeZone: string } }).start.timeZone).toBe('Pacific Standard Time');
  });

  it('lists instances shaped like event-instances-response.json', async () => {
    const res = await t.get(
      `/v1.0/users/${adele.id}/events/${encodeURIComponent(seriesId)}/instances?${WINDOW}`,
      token,
    );
    expect(res.status).toBe(200);
    const value = (res.json as { value: Array<Record<string, unknown>> }).value;
    expect(value.length).toBeGreaterThan(0);
    expect(
      shapeDifferences(
        value[0],
        (readSample('event-instances-response.json') as { value: unknown[] }).value[0],
      ),
    ).toEqual([]);
    expect(value.every((e) => e.seriesMasterId === seriesId && e.recurrence === null)).toBe(true);
  });

  it('answers 404 ErrorItemNotFound for an unknown event id', async () => {
    const res = await t.get(`/v1.0/users/${adele.id}/events/AAMkAGnope`, token);
    expect(res.status).toBe(404);
    expect(errorBody(res.json).code).toBe('ErrorItemNotFound');
  });
});

describe('delta (docs/microsoft-graph.md §3)', () => {
  it('runs a round in pages with exactly one link each, then reports a deletion as @removed', async () => {
    const items: Array<Record<string, unknown>> = [];
    let url: string | undefined = `/v1.0/users/${adele.id}/calendarView/delta?${WINDOW}`;
    let deltaLink: string | undefined;
    let first: unknown;
    while (url) {
      const res = await t.get(url, token, { prefer: 'odata.maxpagesize=5' });
      expect(res.status).toBe(200);
      expect(res.headers['preference-applied']).toContain('odata.maxpagesize=5');
      const body = res.json as Record<string, unknown> & { value: Array<Record<string, unknown>> };
      first ??= body;
      expect(('@odata.nextLink' in body ? 1 : 0) + ('@odata.deltaLink' in body ? 1 : 0)).toBe(1);
      items.push(...body.value);
      url = body['@odata.nextLink'] as string | undefined;
      deltaLink = body['@odata.deltaLink'] as string | undefined;
    }
    expect(shapeDifferences(first, readSample('event-delta-response-1.json'), { skip: ['value'] })).toEqual(
      [],
    );
    expect(deltaLink).toMatch(
      new RegExp(`^${t.emu.url}/v1\\.0/users/${adele.id}/calendarView/delta\\?\\$deltatoken=`),
    );
    const single = items.find((i) => i.type === 'singleInstance')!;
    expect(
      shapeDifferences(single, (readSample('event-delta-response-1.json') as { value: unknown[] }).value[0], {
        skip: ['location'],
      }),
    ).toEqual([]);
    // Occurrences carry only id, type, seriesMasterId, start, end (docs/microsoft-graph.md §3).
    const occurrence = items.find((i) => i.type === 'occurrence')!;
    expect(
      Object.keys(occurrence)
        .filter((k) => !k.startsWith('@odata'))
        .sort(),
    ).toEqual(['end', 'id', 'seriesMasterId', 'start', 'type']);

    await t.emu.control.deleteEvent(adele.id, single.id as string);
    const next = await t.get(deltaLink!, token);
    const body = next.json as { value: Array<Record<string, unknown>> };
    const removed = body.value.find((i) => i.id === single.id)!;
    expect(removed).toEqual({
      '@odata.type': '#microsoft.graph.event',
      id: single.id,
      '@removed': { reason: 'deleted' },
    });
    expect(
      shapeDifferences(next.json, readSample('event-delta-response-next-round-with-removed.json'), {
        skip: ['value'],
      }),
    ).toEqual([]);
  });

  it.each([
    '$select=subject',
    "$filter=subject eq 'x'",
    '$orderby=start',
    '$expand=attachments',
    '$search="x"',
  ])('rejects %s with 400', async (q) => {
    const res = await t.get(`/v1.0/users/${adele.id}/calendarView/delta?${WINDOW}&${q}`, token);
    expect(res.status).toBe(400);
    expect(errorBody(res.json).code).toBe('ErrorInvalidUrlQuery');
  });

  it('answers 410 SyncStateNotFound (sample shape) when a fault says the sync state is gone', async () => {
    const f = await t.emu.control.addFault({
      type: 'syncStateNotFound',
      route: 'delta',
      mailbox: adele.address,
      location: true,
    });
    const res = await t.get(`/v1.0/users/${adele.id}/calendarView/delta?${WINDOW}`, token);
    expect(res.status).toBe(410);
    expect(shapeDifferences(res.json, readSample('graph-error-410-syncstatenotfound.json'))).toEqual([]);
    expect(errorBody(res.json).code).toBe('SyncStateNotFound');
    expect(res.headers.location).toContain('/calendarView/delta?$deltatoken=&');
    expect((await t.emu.control.listFaults()).some((x) => x.id === f.id)).toBe(false);
  });
});

describe('Graph errors (docs/microsoft-graph.md §4)', () => {
  const innerErrorOk = (json: unknown, requestId: string | string[] | undefined) => {
    const inner = errorBody(json).innerError;
    expect(inner.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(inner['request-id']).toBe(requestId);
  };

  it('401 InvalidAuthenticationToken with WWW-Authenticate for an expired token', async () => {
    await t.emu.control.advanceClock(2 * 3600_000);
    try {
      const res = await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}`, token, {
        'client-request-id': 'my-correlation',
      });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=""/);
      expect(shapeDifferences(res.json, readSample('graph-error-401-token-expired.json'))).toEqual([]);
      expect(errorBody(res.json).message).toBe('Access token has expired or is not yet valid.');
      expect(res.headers['client-request-id']).toBe('my-correlation');
      expect(errorBody(res.json).innerError['client-request-id']).toBe('my-correlation');
      innerErrorOk(res.json, res.headers['request-id']);
    } finally {
      await t.emu.control.advanceClock(-2 * 3600_000);
    }
  });

  it('401 for a token signed by someone else', async () => {
    const [h, c] = token.split('.');
    const res = await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}`, `${h}.${c}.AAAA`);
    expect(res.status).toBe(401);
  });

  it('403 ErrorAccessDenied without a Calendars role, 404 for unknown or foreign users', async () => {
    const s = org;
    const app = await t.emu.control.createApp({ tenantId: s.tenantId, displayName: 'no roles', roles: [] });
    const secret = await t.emu.control.addSecret(app.clientId);
    const tok = (
      (await t.requestToken({ tenant: s.tenantId, clientId: app.clientId, secret: secret.value })).json as {
        access_token: string;
      }
    ).access_token;
    const denied = await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}`, tok);
    expect(denied.status).toBe(403);
    expect(shapeDifferences(denied.json, readSample('graph-error-403-access-denied.json'))).toEqual([]);
    expect(errorBody(denied.json).message).toBe('Access is denied. Check credentials and try again.');

    const unknown = await t.get(`/v1.0/users/nobody@${org.domain}/calendarView?${WINDOW}`, token);
    expect(unknown.status).toBe(404);
    expect(shapeDifferences(unknown.json, readSample('graph-error-404-invalid-user.json'))).toEqual([]);
    expect(errorBody(unknown.json).code).toBe('ErrorInvalidUser');

    const other = await t.emu.control.createTenant({ displayName: 'Fabrikam' });
    const foreign = await t.emu.control.createMailbox({
      tenantId: other.id,
      address: 'x@fabrikam.onmicrosoft.com',
      displayName: 'X',
    });
    expect((await t.get(`/v1.0/users/${foreign.id}/calendarView?${WINDOW}`, token)).status).toBe(404);
  });

  it('404 MailboxNotEnabledForRESTAPI for a mailbox that is not REST-enabled', async () => {
    const s = org;
    const m = await t.emu.control.createMailbox({
      tenantId: s.tenantId,
      address: 'onprem@contoso.onmicrosoft.com',
      displayName: 'On Prem',
      restEnabled: false,
    });
    const res = await t.get(`/v1.0/users/${m.id}/calendarView?${WINDOW}`, token);
    expect(res.status).toBe(404);
    expect(shapeDifferences(res.json, readSample('graph-error-404-mailbox-not-enabled.json'))).toEqual([]);
    expect(errorBody(res.json).code).toBe('MailboxNotEnabledForRESTAPI');
  });

  it('403 "Access to OData is disabled." under an ApplicationAccessPolicy (RestrictAccess and DenyAccess)', async () => {
    const s = org;
    const megan = await t.emu.control.getMailbox(org.mailboxes.megan);
    await t.emu.control.setAccessPolicy(s.clientId, {
      accessRight: 'RestrictAccess',
      members: [adele.address],
    });
    try {
      expect((await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}`, token)).status).toBe(200);
      const res = await t.get(`/v1.0/users/${megan.id}/calendarView?${WINDOW}`, token);
      expect(res.status).toBe(403);
      expect(shapeDifferences(res.json, readSample('application-access-policy-denied.json'))).toEqual([]);
      expect(errorBody(res.json).message).toBe('Access to OData is disabled.');
      await t.emu.control.setAccessPolicy(s.clientId, { accessRight: 'DenyAccess', members: [adele.id] });
      expect((await t.get(`/v1.0/users/${adele.id}/calendarView?${WINDOW}`, token)).status).toBe(403);
      expect((await t.get(`/v1.0/users/${megan.id}/calendarView?${WINDOW}`, token)).status).toBe(200);
    } finally {
      await t.emu.control.clearAccessPolicy(s.clientId);
    }
  });

  it('404 ResourceNotFound for an unknown path', async () => {
    const res = await t.get('/v1.0/users/x/mailFolders', token);
    expect(res.status).toBe(404);
    expect(shapeDifferences(res.json, readSample('graph-error-404-resource-not-found.json'))).toEqual([]);
  });

  it('429 TooManyRequests with a Retry-After once the per-mailbox window is used up', async () => {
    await t.emu.control.setThrottling({ mailboxRequestsPerWindow: 2, mailboxWindowSeconds: 600 });
    try {
      const url = `/v1.0/users/${adele.id}/calendarView?${WINDOW}&$top=1`;
      const responses = [];
      for (let i = 0; i < 3; i++) responses.push(await t.get(url, token));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
      const last = responses[2]!;
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(shapeDifferences(last.json, readSample('graph-error-429-throttled.json'))).toEqual([]);
    } finally {
      await t.emu.control.setThrottling({});
      t.emu.state.throttle.reset();
    }
  });
});

describe('places and users', () => {
  it('lists rooms and room lists like the place-list samples', async () => {
    const rooms = await t.get('/v1.0/places/microsoft.graph.room', token);
    expect(rooms.status).toBe(200);
    expect(
      shapeDifferences(rooms.json, readSample('places-rooms-response.json'), {
        nullable: ['geoCoordinates', 'phone', 'label', 'audioDeviceName', 'videoDeviceName'],
        // The sample predates the resource's names for these two (docs/microsoft-graph.md §6.3).
        skip: ['tags', 'isWheelchairAccessible', 'displayDevice'],
      }),
    ).toEqual([]);
    const first = (rooms.json as { value: Record<string, unknown>[] }).value[0]!;
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['isWheelChairAccessible', 'displayDeviceName', 'floorLabel']),
    );
    const lists = await t.get('/v1.0/places/microsoft.graph.roomlist', token);
    expect(shapeDifferences(lists.json, readSample('places-roomlists-response.json'))).toEqual([]);
    const list = (lists.json as { value: Array<{ emailAddress: string }> }).value[0]!;
    const inList = await t.get(`/v1.0/places/${list.emailAddress}/microsoft.graph.roomlist/rooms`, token);
    expect((inList.json as { value: unknown[] }).value.length).toBeGreaterThan(0);
  });

  it('needs Place.Read.All for places', async () => {
    const s = org;
    const app = await t.emu.control.createApp({
      tenantId: s.tenantId,
      displayName: 'cal only',
      roles: ['Calendars.Read'],
    });
    const secret = await t.emu.control.addSecret(app.clientId);
    const tok = (
      (await t.requestToken({ tenant: s.tenantId, clientId: app.clientId, secret: secret.value })).json as {
        access_token: string;
      }
    ).access_token;
    expect((await t.get('/v1.0/places/microsoft.graph.room', tok)).status).toBe(403);
  });

  it('resolves a user by id or UPN', async () => {
    const res = await t.get(`/v1.0/users/${adele.address}`, token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: adele.id,
      displayName: adele.displayName,
      mail: adele.address,
      userPrincipalName: adele.address,
    });
  });
});
