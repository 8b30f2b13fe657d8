import { readSample } from '@calsync/graph-emulator/samples';
import { describe, expect, it } from 'vitest';
import { graphEventPageSchema, parseGraphDeltaItem, type GraphEventDto } from './event-dto.ts';
import type { SourceEvent } from '../../../sync/source-event.ts';
import { mapGraphEvent } from './map-event.ts';

function readItems(name: string): unknown[] {
  const json = readSample(name);
  const page = graphEventPageSchema.safeParse(json);
  return page.success ? page.data.value : [json];
}

function parseEvent(raw: unknown): GraphEventDto {
  const parsed = parseGraphDeltaItem(raw);
  if (parsed.kind !== 'event') throw new Error(`expected an event, got ${parsed.kind}`);
  return parsed.event;
}

function mapOk(
  event: GraphEventDto,
  options: Parameters<typeof mapGraphEvent>[1] = { maskPrivate: true },
): SourceEvent {
  const result = mapGraphEvent(event, options);
  if (!result.ok) throw new Error(`mapping failed: ${result.reason}`);
  return result.row;
}

const master = parseEvent(readItems('event-seriesmaster-full.json')[0]);

/** What calendarView/delta sends for an occurrence of a series. */
function strippedOccurrence(id: string, start: string, end: string, timeZone = 'UTC'): GraphEventDto {
  return parseEvent({
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': 'W/"occ-etag"',
    id,
    type: 'occurrence',
    seriesMasterId: master.id,
    start: { dateTime: start, timeZone },
    end: { dateTime: end, timeZone },
  });
}

describe('mapGraphEvent on every sample event', () => {
  it('maps the delta round (3 pages) into five single instances with UTC instants', () => {
    const rows = [
      'event-delta-response-1.json',
      'event-delta-response-2.json',
      'event-delta-response-3-final.json',
    ]
      .flatMap(readItems)
      .map((raw) => mapOk(parseEvent(raw)));
    expect(rows.map((r) => [r.subject, r.startAt.toISOString(), r.endAt.toISOString()])).toEqual([
      ['Plan shopping list', '2016-12-09T20:30:00.000Z', '2016-12-09T22:00:00.000Z'],
      ['Pick up car', '2016-12-10T01:00:00.000Z', '2016-12-10T02:00:00.000Z'],
      ['Get food', '2016-12-10T19:30:00.000Z', '2016-12-10T21:30:00.000Z'],
      ['Prepare food', '2016-12-10T22:00:00.000Z', '2016-12-11T00:00:00.000Z'],
      ['Rest!', '2016-12-12T02:00:00.000Z', '2016-12-12T07:30:00.000Z'],
    ]);
    for (const row of rows) {
      expect(row.type).toBe('SINGLE_INSTANCE');
      expect(row.organizer).toEqual({ name: 'Samantha Booth', address: 'samanthab@contoso.onmicrosoft.com' });
      expect(row.attendees).toEqual([]);
      expect(row.onlineMeeting).toBeNull();
      expect(row.changeKey).toMatch(/^EZ9r3czxY0m2jz8c45czkwAA/);
    }
    expect(rows[0]!.changeKey).toBe('EZ9r3czxY0m2jz8c45czkwAAFXcvIQ==');
    expect(rows[4]!.location).toBe('Home');
    expect(rows[4]!.locations).toEqual([{ displayName: 'Home', address: null, uri: null }]);
  });

  it('maps the next round: one removal and one event with a postal address', () => {
    const items = readItems('event-delta-response-next-round-with-removed.json').map(parseGraphDeltaItem);
    expect(items[0]).toEqual({
      kind: 'removed',
      id: 'AAMkADk0MGFkODE3LWE4MmYtNDRhOS04OGQLkRkXbBznTvAADb6ytyAAA=',
      reason: 'deleted',
    });
    const row = mapOk(parseEvent(readItems('event-delta-response-next-round-with-removed.json')[1]));
    expect(row).toMatchObject({
      sourceId: 'AAMkADj1HvAAA=',
      subject: 'Attend service',
      location: 'Chapel of Saint Ignatius',
    });
    expect(row.startAt.toISOString()).toBe('2016-12-25T06:00:00.000Z');
    expect(row.locations).toEqual([
      {
        displayName: 'Chapel of Saint Ignatius',
        address: '900 Broadway, Seattle, WA, United States',
        uri: null,
      },
    ]);
  });

  it('maps the full series master: Eastern zone, attendees and the Teams link from the HTML body', () => {
    const row = mapOk(master);
    expect(row).toMatchObject({
      type: 'SERIES_MASTER',
      seriesMasterId: null,
      subject: 'Continuing Education Sync',
      timeZone: 'America/New_York',
      showAs: 'BUSY',
      sensitivity: 'NORMAL',
      isAllDay: false,
      isCancelled: false,
      organizer: { name: 'HR Taskforce', address: 'HRTaskforce@contoso.com' },
      location: 'HR Taskforce / Benefits',
      categories: [],
      changeKey: 'xPZF2y46pEiVBni87OnrpgAAAAAJTg==',
      iCalUId:
        '040000008200E00074C5B7101A82E00800000000B23663002F0AD301000000000000000010000000B7C936D4C2FEC749824EE24B2FD7DA62',
    });
    expect(row.startAt.toISOString()).toBe('2017-08-15T14:30:00.000Z');
    expect(row.endAt.toISOString()).toBe('2017-08-15T15:30:00.000Z');
    expect(row.lastModifiedAt?.toISOString()).toBe('2017-07-31T18:58:35.418Z');
    expect(row.attendees).toHaveLength(5);
    expect(row.attendees[0]).toEqual({
      emailAddress: { name: 'Lidia Holloway', address: 'LidiaH@contoso.com' },
      type: 'REQUIRED',
      response: 'ACCEPTED',
    });
    expect(row.attendees.slice(1).every((a) => a.response === 'NONE')).toBe(true);
    expect(row.onlineMeeting).toEqual({
      provider: 'TEAMS',
      joinUrl:
        'https://teams.microsoft.com/l/meetup-join/19%3acc89e82c01e349d4998655891d93e12e%40thread.skype/1501527510806?tenantId=dcd219dd-bc68-4b9b-bf0b-4a33a796be35',
      conferenceId: null,
    });
  });

  it('maps the instances sample: an exception and occurrences with their own subject (not stripped)', () => {
    const rows = readItems('event-instances-response.json').map((raw) => mapOk(parseEvent(raw)));
    expect(rows.map((r) => [r.type, r.startAt.toISOString(), r.seriesMasterId])).toEqual([
      ['EXCEPTION', '2019-04-16T20:30:00.000Z', 'AAMkAGUzYRgWAAA='],
      ['OCCURRENCE', '2019-04-08T20:30:00.000Z', 'AAMkAGUzYRgWAAA='],
      ['OCCURRENCE', '2019-04-22T20:30:00.000Z', 'AAMkAGUzYRgWAAA='],
      ['OCCURRENCE', '2019-04-29T20:30:00.000Z', 'AAMkAGUzYRgWAAA='],
    ]);
    expect(rows.every((r) => r.subject === 'Review strategy for Q3')).toBe(true);
  });

  it('maps the $select event: room location and two required attendees', () => {
    const row = mapOk(parseEvent(readItems('event-get-response-select-timezone.json')[0]));
    expect(row).toMatchObject({
      subject: 'New Product Regulations Touchpoint',
      location: 'Conf Room Rainier',
      onlineMeeting: null,
    });
    expect(row.startAt.toISOString()).toBe('2014-11-03T17:00:00.000Z');
    expect(row.attendees.map((a) => [a.emailAddress.address, a.type, a.response])).toEqual([
      ['engineering@M365x214355.onmicrosoft.com', 'REQUIRED', 'NONE'],
      ['IrvinS@M365x214355.onmicrosoft.com', 'REQUIRED', 'NONE'],
    ]);
    expect(row.changeKey).toBe('IiLKjG2I7E+Xv0+ys6MD0wAEd5/kNQ==');
  });

  it('reports the truncated doc samples (no id, no start/end) as invalid instead of storing them', () => {
    for (const file of ['calendarview-response.json', 'event-delta-response-apiref.json']) {
      const items = readItems(file).map(parseGraphDeltaItem);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'invalid', id: null });
      if (items[0]!.kind === 'invalid') expect(items[0]!.issues).toMatch(/start/);
    }
    expect(readItems('delta-initial-empty-page-with-nextlink.json')).toEqual([]);
  });
});

describe('stripped occurrences', () => {
  it('take every descriptive field from the master and keep their own id, type and times', () => {
    const occ = strippedOccurrence('occ-1', '2017-08-17T14:30:00.0000000', '2017-08-17T15:30:00.0000000');
    const row = mapOk(occ, { master, maskPrivate: true });
    const fromMaster = mapOk(master);
    expect(row).toMatchObject({
      sourceId: 'occ-1',
      type: 'OCCURRENCE',
      seriesMasterId: master.id,
      subject: 'Continuing Education Sync',
      organizer: fromMaster.organizer,
      attendees: fromMaster.attendees,
      location: 'HR Taskforce / Benefits',
      showAs: 'BUSY',
      timeZone: 'America/New_York',
      onlineMeeting: fromMaster.onlineMeeting,
      iCalUId: null,
    });
    expect(row.startAt.toISOString()).toBe('2017-08-17T14:30:00.000Z');
    expect(row.endAt.toISOString()).toBe('2017-08-17T15:30:00.000Z');
  });

  it('convert their own wall times when Graph sends them in a named zone', () => {
    const occ = strippedOccurrence(
      'occ-2',
      '2017-11-07T09:30:00.0000000',
      '2017-11-07T10:30:00.0000000',
      'Eastern Standard Time',
    );
    // 7 November 2017 is after the US fall-back: EST, UTC-5.
    expect(mapOk(occ, { master, maskPrivate: false }).startAt.toISOString()).toBe('2017-11-07T14:30:00.000Z');
  });

  it('change their change key when the master changes, so a series edit rewrites them', () => {
    const occ = strippedOccurrence('occ-1', '2017-08-17T14:30:00.0000000', '2017-08-17T15:30:00.0000000');
    const before = mapOk(occ, { master, maskPrivate: true }).changeKey;
    const edited = { ...master, subject: 'Renamed', changeKey: 'new-master-key' };
    const after = mapOk(occ, { master: edited, maskPrivate: true });
    expect(after.subject).toBe('Renamed');
    expect(after.changeKey).not.toBe(before);
  });

  it('are never mapped without their master', () => {
    const occ = strippedOccurrence('occ-1', '2017-08-17T14:30:00.0000000', '2017-08-17T15:30:00.0000000');
    expect(mapGraphEvent(occ, { maskPrivate: true })).toEqual({
      ok: false,
      reason: 'master-missing',
      seriesMasterId: master.id,
    });
    const otherMaster = { ...master, id: 'some-other-series' };
    expect(mapGraphEvent(occ, { master: otherMaster, maskPrivate: true })).toMatchObject({
      ok: false,
      reason: 'master-missing',
    });
  });
});

describe('private events', () => {
  const privateMaster = { ...master, sensitivity: 'private' };

  it('keep only times, showAs and bookkeeping when the connector masks them', () => {
    const row = mapOk(privateMaster, { maskPrivate: true });
    expect(row).toMatchObject({
      sensitivity: 'PRIVATE',
      showAs: 'BUSY',
      subject: null,
      organizer: null,
      attendees: [],
      location: null,
      locations: [],
      onlineMeeting: null,
      categories: [],
      timeZone: 'America/New_York',
    });
    expect(row.startAt.toISOString()).toBe('2017-08-15T14:30:00.000Z');
    expect(JSON.stringify(row)).not.toMatch(/Continuing|teams\.microsoft|Lidia|Benefits/);
  });

  it('mask stripped occurrences of a private series too', () => {
    const occ = strippedOccurrence('occ-1', '2017-08-17T14:30:00.0000000', '2017-08-17T15:30:00.0000000');
    const row = mapOk(occ, { master: privateMaster, maskPrivate: true });
    expect(row).toMatchObject({ subject: null, onlineMeeting: null, attendees: [], sensitivity: 'PRIVATE' });
  });

  it('are kept in full when masking is off, and other sensitivities are never masked', () => {
    expect(mapOk(privateMaster, { maskPrivate: false }).subject).toBe('Continuing Education Sync');
    expect(mapOk({ ...master, sensitivity: 'confidential' }, { maskPrivate: true }).subject).toBe(
      'Continuing Education Sync',
    );
  });
});

describe('field mapping edge cases', () => {
  const base = parseEvent({
    id: 'e1',
    start: { dateTime: '2024-06-01T00:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2024-06-02T00:00:00.0000000', timeZone: 'UTC' },
  });

  it('maps enums from Graph spelling to the contract', () => {
    const row = mapOk({
      ...base,
      isAllDay: true,
      showAs: 'workingElsewhere',
      isCancelled: true,
      originalStartTimeZone: 'tzone://Microsoft/Custom',
      attendees: [
        {
          type: 'resource',
          status: { response: 'tentativelyAccepted' },
          emailAddress: { address: 'room1@contoso.com' },
        },
      ],
    });
    expect(row).toMatchObject({
      isAllDay: true,
      showAs: 'WORKING_ELSEWHERE',
      isCancelled: true,
      timeZone: null,
    });
    expect(row.attendees).toEqual([
      {
        emailAddress: { name: null, address: 'room1@contoso.com' },
        type: 'RESOURCE',
        response: 'TENTATIVELY_ACCEPTED',
      },
    ]);
  });

  it('refuses times it cannot place instead of guessing', () => {
    const result = mapGraphEvent(
      { ...base, start: { dateTime: '2024-06-01T09:00:00', timeZone: 'tzone://Microsoft/Custom' } },
      { maskPrivate: true },
    );
    expect(result).toMatchObject({ ok: false, reason: 'invalid-time' });
  });
});

describe('all-day events', () => {
  const allDay = (timeZone: string): GraphEventDto =>
    parseEvent({
      id: 'AAMkAllDay',
      type: 'singleInstance',
      subject: 'Offsite',
      isAllDay: true,
      originalStartTimeZone: 'Tokyo Standard Time',
      start: { dateTime: '2027-05-10T00:00:00.0000000', timeZone },
      end: { dateTime: '2027-05-12T00:00:00.0000000', timeZone },
    });

  it('keep their dates whatever zone label Graph put on the midnights (docs/microsoft-graph.md §9.4)', () => {
    for (const label of ['UTC', 'Tokyo Standard Time', 'Pacific Standard Time']) {
      expect(mapOk(allDay(label))).toMatchObject({
        isAllDay: true,
        startAt: new Date('2027-05-10T00:00:00Z'),
        endAt: new Date('2027-05-12T00:00:00Z'),
        timeZone: 'Asia/Tokyo',
      });
    }
  });
});
