import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../db/index.ts';
import { renderIcs } from './render-ics.ts';

function event(overrides: Partial<EventRow>): EventRow {
  return {
    tenantId: '00000000-0000-4000-8000-000000000001',
    id: '00000000-0000-4000-8000-00000000000a',
    mailboxId: '00000000-0000-4000-8000-000000000002',
    sourceId: 'AAMk1',
    iCalUid: null,
    type: 'SINGLE_INSTANCE',
    seriesMasterId: null,
    subject: 'Planning',
    startAt: new Date('2027-05-03T08:00:00Z'),
    endAt: new Date('2027-05-03T09:30:00Z'),
    isAllDay: false,
    startDate: null,
    endDate: null,
    timeZone: 'Europe/Berlin',
    showAs: 'BUSY',
    sensitivity: 'NORMAL',
    isCancelled: false,
    organizer: { name: 'Ada "the" Lovelace', address: 'ada@contoso.example' },
    attendees: [],
    location: 'Room 1; 2nd floor, east',
    locations: [],
    onlineMeeting: {
      provider: 'TEAMS',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
      conferenceId: null,
    },
    categories: ['Blue', 'Team, all'],
    changeKey: null,
    lastModifiedAt: new Date('2027-05-01T10:00:00Z'),
    syncedAt: new Date('2027-05-02T10:00:00Z'),
    generation: 0,
    ...overrides,
  };
}

describe('renderIcs', () => {
  it('produces a calendar a maintained iCalendar parser reads back field by field', () => {
    const body = renderIcs({
      name: 'Room 1, Berlin',
      refreshMinutes: 15,
      events: [
        event({}),
        event({
          id: '00000000-0000-4000-8000-00000000000b',
          subject: null,
          sensitivity: 'PRIVATE',
          showAs: 'FREE',
          organizer: null,
          onlineMeeting: null,
          location: null,
          categories: [],
        }),
        event({
          id: '00000000-0000-4000-8000-00000000000c',
          subject: 'Offsite',
          isAllDay: true,
          timeZone: 'Asia/Tokyo',
          startAt: new Date('2027-05-09T15:00:00Z'),
          endAt: new Date('2027-05-11T15:00:00Z'),
          startDate: '2027-05-10',
          endDate: '2027-05-12',
        }),
      ],
    });
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(body));
    // X- properties are untyped to the parser; clients read X-WR-CALNAME as TEXT, escaped.
    expect(body).toContain('X-WR-CALNAME:Room 1\\, Berlin\r\n');
    const [planning, busy, offsite] = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(planning!.uid).toBe('00000000-0000-4000-8000-00000000000a@calsync');
    expect(planning!.summary).toBe('Planning');
    expect(planning!.location).toBe('Room 1; 2nd floor, east');
    expect(planning!.startDate.toJSDate().toISOString()).toBe('2027-05-03T08:00:00.000Z');
    expect(planning!.endDate.toJSDate().toISOString()).toBe('2027-05-03T09:30:00.000Z');
    expect(planning!.organizer).toBe('mailto:ada@contoso.example');
    expect(planning!.component.getFirstPropertyValue('url')).toBe(
      'https://teams.microsoft.com/l/meetup-join/abc',
    );
    expect(planning!.component.getFirstProperty('categories')!.getValues()).toEqual(['Blue', 'Team, all']);
    expect(planning!.component.getFirstPropertyValue('transp')).toBe('OPAQUE');
    expect(busy!.summary).toBe('Busy');
    expect(busy!.component.getFirstPropertyValue('class')).toBe('PRIVATE');
    expect(busy!.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(busy!.organizer).toBeNull();
    expect(offsite!.startDate.isDate).toBe(true);
    expect(offsite!.startDate.toString()).toBe('2027-05-10');
    expect(offsite!.endDate.toString()).toBe('2027-05-12');
  });
});
