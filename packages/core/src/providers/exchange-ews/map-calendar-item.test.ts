import { describe, expect, it } from 'vitest';
import type { EwsCalendarItem } from './calendar-item.ts';
import { mapCalendarItem } from './map-calendar-item.ts';
import { parseGetItemResponse } from './parse-responses.ts';
import { readEwsSample } from '@calsync/ews-emulator/samples';

function sampleItem(): EwsCalendarItem {
  const parsed = parseGetItemResponse(readEwsSample('getitem-calendar-allproperties-response.xml'));
  if (!parsed.ok || !parsed.value[0]?.ok) throw new Error('sample did not parse');
  return parsed.value[0].value;
}

const base: EwsCalendarItem = {
  itemId: 'AAMk1',
  changeKey: 'DwAA1',
  subject: 'Board meeting',
  sensitivity: 'Normal',
  body: null,
  categories: [],
  lastModifiedTime: '2030-01-02T10:00:00Z',
  uid: '040000008200E00074C5B7101A82E008',
  recurrenceId: null,
  start: '2030-01-06T09:00:00Z',
  end: '2030-01-06T10:00:00Z',
  isAllDayEvent: false,
  legacyFreeBusyStatus: 'Busy',
  location: 'Berlin HQ Spree',
  isCancelled: false,
  calendarItemType: 'Single',
  myResponseType: 'Accept',
  organizer: { name: 'Megan Bowen', address: 'meganb@contoso.com' },
  attendees: [
    {
      mailbox: { name: 'Diego', address: 'diegos@contoso.com' },
      kind: 'required',
      responseType: 'Tentative',
    },
    {
      mailbox: { name: 'Spree', address: 'berlin-spree@contoso.com' },
      kind: 'resource',
      responseType: 'Accept',
    },
  ],
  startTimeZone: 'W. Europe Standard Time',
  joinOnlineMeetingUrl: null,
  extended: {},
};

describe('mapCalendarItem', () => {
  it("maps Microsoft's AllProperties sample into an event row", () => {
    const result = mapCalendarItem(sampleItem(), { maskPrivate: true });
    expect(result).toEqual({
      ok: true,
      row: expect.objectContaining({
        sourceId: 'ASUAdT',
        changeKey: 'otlIqB==',
        type: 'SINGLE_INSTANCE',
        startAt: new Date('2006-06-16T00:30:00Z'),
        endAt: new Date('2006-06-16T01:00:00Z'),
        showAs: 'BUSY',
        sensitivity: 'NORMAL',
        isCancelled: false,
        organizer: { name: 'Bob', address: 'someone@example.com' },
      }),
    });
  });

  it('maps enums, attendees, zone and location the way Graph rows have them', () => {
    const result = mapCalendarItem(base, { maskPrivate: true });
    if (!result.ok) throw new Error(result.detail);
    expect(result.row).toMatchObject({
      iCalUId: base.uid,
      timeZone: 'Europe/Berlin',
      location: 'Berlin HQ Spree',
      locations: [{ displayName: 'Berlin HQ Spree', address: null, uri: null }],
      attendees: [
        {
          emailAddress: { name: 'Diego', address: 'diegos@contoso.com' },
          type: 'REQUIRED',
          response: 'TENTATIVELY_ACCEPTED',
        },
        {
          emailAddress: { name: 'Spree', address: 'berlin-spree@contoso.com' },
          type: 'RESOURCE',
          response: 'ACCEPTED',
        },
      ],
      lastModifiedAt: new Date('2030-01-02T10:00:00Z'),
    });
    expect(
      mapCalendarItem(
        { ...base, legacyFreeBusyStatus: 'WorkingElsewhere', calendarItemType: 'Exception' },
        { maskPrivate: false },
      ),
    ).toMatchObject({
      row: { showAs: 'WORKING_ELSEWHERE', type: 'EXCEPTION' },
    });
  });

  it('masks private items when the connector says so, keeping times and free/busy', () => {
    const result = mapCalendarItem({ ...base, sensitivity: 'Private' }, { maskPrivate: true });
    expect(result.ok && result.row).toMatchObject({
      subject: null,
      organizer: null,
      attendees: [],
      location: null,
      showAs: 'BUSY',
      sensitivity: 'PRIVATE',
    });
    const open = mapCalendarItem({ ...base, sensitivity: 'Private' }, { maskPrivate: false });
    expect(open.ok && open.row.subject).toBe('Board meeting');
  });

  it('finds the join link: Teams property first, then Lync URL, then location and body', () => {
    const teams = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
    expect(
      mapCalendarItem(
        { ...base, extended: { 'PublicStrings:SkypeTeamsMeetingUrl': teams } },
        { maskPrivate: false },
      ),
    ).toMatchObject({
      row: { onlineMeeting: { provider: 'TEAMS', joinUrl: teams } },
    });
    expect(
      mapCalendarItem(
        { ...base, joinOnlineMeetingUrl: 'https://meet.contoso.com/megan/AB12CD' },
        { maskPrivate: false },
      ),
    ).toMatchObject({
      row: { onlineMeeting: { provider: 'OTHER', joinUrl: 'https://meet.contoso.com/megan/AB12CD' } },
    });
    const html = '<html><body><a href="https://contoso.zoom.us/j/123456789?pwd=x">Join</a></body></html>';
    expect(
      mapCalendarItem({ ...base, body: { type: 'HTML', content: html } }, { maskPrivate: false }),
    ).toMatchObject({
      row: { onlineMeeting: { provider: 'ZOOM', conferenceId: '123456789' } },
    });
  });

  it("keeps all-day items as the dates of their own zone's days", () => {
    const allDay = {
      ...base,
      isAllDayEvent: true,
      start: '2030-01-05T23:00:00Z',
      end: '2030-01-06T23:00:00Z',
    };
    expect(mapCalendarItem(allDay, { maskPrivate: false })).toMatchObject({
      row: {
        isAllDay: true,
        startAt: new Date('2030-01-06T00:00:00Z'),
        endAt: new Date('2030-01-07T00:00:00Z'),
      },
    });
    // In summer Berlin is UTC+2: a server value a few minutes off still lands on its local day.
    const summer = { ...allDay, start: '2030-07-05T22:03:00Z', end: '2030-07-06T21:58:00Z' };
    expect(mapCalendarItem(summer, { maskPrivate: false })).toMatchObject({
      row: { startAt: new Date('2030-07-06T00:00:00Z'), endAt: new Date('2030-07-07T00:00:00Z') },
    });
  });

  it('refuses times without a zone designator instead of guessing', () => {
    expect(mapCalendarItem({ ...base, start: '2030-01-06T09:00:00' }, { maskPrivate: false })).toMatchObject({
      ok: false,
      reason: 'invalid-time',
    });
  });
});
