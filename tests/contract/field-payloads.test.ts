// Field-report payloads (docs/microsoft-graph.md §9) replayed through calsync's real Graph client,
// classifier, delta parser and mapper: what real tenants send, not what the emulator was written from.
import { describe, expect, it } from 'vitest';
import {
  classifyMicrosoftFailure,
  createGraphClient,
  isStrippedOccurrence,
  mapGraphEvent,
  parseGraphDeltaItem,
  type GraphEventDto,
} from '@calsync/core/microsoft';
import { collapsePageActions, type PageAction } from '@calsync/core';

/** The classified failure of a GET answered with exactly this status, body and headers. */
async function failureOf(status: number, body: string, headers: Record<string, string> = {}) {
  const graph = createGraphClient({
    baseUrl: 'https://graph.microsoft.com',
    getAccessToken: () => Promise.resolve('token'),
    fetchImpl: () => Promise.resolve(new Response(body, { status, headers })),
  });
  try {
    await graph.get('/users/room@contoso.com/calendarView/delta');
  } catch (err) {
    return classifyMicrosoftFailure(err);
  }
  throw new Error('the replayed answer did not fail');
}

const json = { 'content-type': 'application/json' };
const error = (code: string, message: string) => JSON.stringify({ error: { code, message } });

describe('§9.10 throttling bodies seen in the field', () => {
  it('ApplicationThrottled / MailboxConcurrency with Retry-After: 1 waits exactly that second', async () => {
    const body = error('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.');
    expect(await failureOf(429, body, { ...json, 'retry-after': '1' })).toEqual({
      kind: 'throttled',
      retryAfterMs: 1000,
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
  });

  it('a 429 without Retry-After (ErrorTooManyObjectsOpened) backs off exponentially instead', async () => {
    const failure = await failureOf(
      429,
      error('ErrorTooManyObjectsOpened', 'Too many objects opened.'),
      json,
    );
    expect(failure).toMatchObject({ kind: 'transient', code: 'ErrorTooManyObjectsOpened' });
  });

  it('503 with an empty text/plain body, 503 MailboxInfoStale and 504 UnknownError with an empty message', async () => {
    expect(await failureOf(503, '', { 'content-type': 'text/plain' })).toMatchObject({ kind: 'transient' });
    expect(
      await failureOf(503, error('MailboxInfoStale', 'Mailbox info is stale.'), {
        ...json,
        'retry-after': '2',
      }),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 2000, code: 'MailboxInfoStale' });
    expect(await failureOf(504, error('UnknownError', ''), json)).toMatchObject({
      kind: 'transient',
      code: 'UnknownError',
    });
  });
});

describe('§9.2 RBAC for Applications and ApplicationAccessPolicy denials', () => {
  it('out of an RBAC scope is that mailbox refused, a policy denial is named as such', async () => {
    const rbac = await failureOf(
      403,
      error('ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
      json,
    );
    expect(rbac).toMatchObject({ kind: 'access-denied', code: 'ErrorAccessDenied' });
    const policy = await failureOf(403, error('ErrorAccessDenied', 'Access to OData is disabled.'), json);
    expect(policy).toMatchObject({ kind: 'mailbox', reason: 'policy-denied' });
  });
});

describe('§9.6 addressing mailboxes', () => {
  it('ErrorInvalidUser and MailboxNotEnabledForRESTAPI are unaddressable mailboxes, not retries', async () => {
    const invalid = error('ErrorInvalidUser', "The requested user 'alias@contoso.com' is invalid.");
    expect(await failureOf(404, invalid, json)).toMatchObject({ kind: 'mailbox', reason: 'not-found' });
    const disabled = error(
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
    expect(await failureOf(404, disabled, json)).toMatchObject({ kind: 'mailbox', reason: 'not-enabled' });
  });
});

describe('§9.8 delta tokens dying in the field', () => {
  it('every 410 variant means a new baseline', async () => {
    const variants = [
      error('SyncStateNotFound', 'The sync state generation=149;[highest=157] was not found.'),
      error('SyncStateInvalid', 'The sync state is invalid.'),
      error('ResyncRequired', 'Resync required.'),
    ];
    for (const body of variants)
      expect(await failureOf(410, body, json)).toMatchObject({ kind: 'cursor-expired' });
  });
});

/** A delta page as real tenants send a series (§9.3): the full master, stubs, and a bare removal. */
const MASTER = {
  '@odata.type': '#microsoft.graph.event',
  '@odata.etag': 'W/"DwAAABYAAADDx3"',
  id: 'AAMkMaster=',
  type: 'seriesMaster',
  subject: 'Weekly planning',
  iCalUId: '040000008200E00074C5B7101A82E00800000000',
  // The first occurrence's dates: long before the window.
  start: { dateTime: '2024-01-08T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2024-01-08T10:00:00.0000000', timeZone: 'UTC' },
  organizer: { emailAddress: { name: 'Adele Vance', address: 'adele@contoso.com' } },
  showAs: 'busy',
  sensitivity: 'normal',
};
const stub = (id: string, day: string) => ({
  '@odata.type': '#microsoft.graph.event',
  '@odata.etag': 'W/"DwAAABYAAADDx3"',
  id,
  seriesMasterId: 'AAMkMaster=',
  type: 'occurrence',
  start: { dateTime: `2030-01-${day}T09:00:00.0000000`, timeZone: 'UTC' },
  end: { dateTime: `2030-01-${day}T10:00:00.0000000`, timeZone: 'UTC' },
});

describe('§9.3 a series as delta sends it', () => {
  it('stubs take their subject from the master on the page; a bare @removed parses; nothing is lost', () => {
    const page = [
      MASTER,
      stub('AAMkOcc1=', '07'),
      stub('AAMkOcc2=', '14'),
      { id: 'AAMkGone=', '@removed': { reason: 'deleted' } },
    ];
    const items = page.map(parseGraphDeltaItem);
    const events = items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
    const master = events.find((e) => e.type === 'seriesMaster')!;
    const stubs = events.filter(isStrippedOccurrence);
    expect(stubs.map((s) => s.id)).toEqual(['AAMkOcc1=', 'AAMkOcc2=']);
    const actions: PageAction[] = stubs.map((s) => {
      const mapped = mapGraphEvent(s, { master, maskPrivate: true });
      if (!mapped.ok) throw new Error(mapped.reason);
      return { kind: 'upsert', row: mapped.row };
    });
    actions.push({ kind: 'remove', sourceId: 'AAMkGone=' });
    const changes = collapsePageActions(actions);
    expect(changes.upserts.map((r) => [r.sourceId, r.subject, r.type, r.startAt.toISOString()])).toEqual([
      ['AAMkOcc1=', 'Weekly planning', 'OCCURRENCE', '2030-01-07T09:00:00.000Z'],
      ['AAMkOcc2=', 'Weekly planning', 'OCCURRENCE', '2030-01-14T09:00:00.000Z'],
    ]);
    expect(changes.removals).toEqual(['AAMkGone=']);
  });

  it('a stub without its master is reported, never stored untitled', () => {
    const item = parseGraphDeltaItem(stub('AAMkOcc3=', '21'));
    expect(item.kind).toBe('event');
    const mapped = mapGraphEvent((item as { event: GraphEventDto }).event, { maskPrivate: true });
    expect(mapped).toEqual({ ok: false, reason: 'master-missing', seriesMasterId: 'AAMkMaster=' });
  });
});

describe('§9.5 and §9.7 room copies and iCalUId as the field has them', () => {
  it("a room's rewritten copy keeps its Teams join link; a null or shared iCalUId never merges rows", () => {
    const roomCopy = {
      id: 'AAMkRoom1=',
      type: 'singleInstance',
      subject: 'Adele Vance',
      body: { contentType: 'html', content: '' },
      sensitivity: 'normal',
      iCalUId: null,
      start: { dateTime: '2030-01-07T09:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2030-01-07T10:00:00.0000000', timeZone: 'UTC' },
      isOnlineMeeting: true,
      onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc' },
    };
    const twin = { ...roomCopy, id: 'AAMkRoom2=', iCalUId: 'shared-uid' };
    const rows = [roomCopy, { ...twin }, { ...twin, id: 'AAMkRoom3=' }].map((raw) => {
      const item = parseGraphDeltaItem(raw);
      const mapped = mapGraphEvent((item as { event: GraphEventDto }).event, { maskPrivate: true });
      if (!mapped.ok) throw new Error(mapped.reason);
      return mapped.row;
    });
    expect(rows[0]).toMatchObject({
      subject: 'Adele Vance',
      iCalUId: null,
      onlineMeeting: {
        provider: 'TEAMS',
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
      },
    });
    const changes = collapsePageActions(rows.map((row) => ({ kind: 'upsert', row })));
    expect(changes.upserts.map((r) => r.sourceId)).toEqual(['AAMkRoom1=', 'AAMkRoom2=', 'AAMkRoom3=']);
  });
});
