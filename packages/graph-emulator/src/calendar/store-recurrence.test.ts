import { readSample } from '../testing/samples.ts';
import { describe, expect, it } from 'vitest';
import { createCalendarStore } from './store.ts';
import type { EventInput, GraphEvent } from './types.ts';

const clock = { now: () => new Date('2026-03-01T08:00:00Z') };
const startOf = (e: GraphEvent) => (e['start'] as { dateTime: string }).dateTime;
const tzOf = (e: GraphEvent) => (e['start'] as { timeZone: string }).timeZone;

function weekly(start: string, end: string, timeZone: string, extra: Partial<EventInput> = {}): EventInput {
  return {
    subject: 'Standup',
    start: { dateTime: start, timeZone },
    end: { dateTime: end, timeZone },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
      range: { type: 'numbered', startDate: start.slice(0, 10), numberOfOccurrences: 4 },
    },
    ...extra,
  };
}

describe('recurring series in the store', () => {
  it('keeps 09:00 Berlin across the EU DST change while UTC shifts', () => {
    const store = createCalendarStore({ clock });
    store.createEvent(
      'room',
      weekly('2026-03-16T09:00:00', '2026-03-16T10:00:00', 'W. Europe Standard Time'),
    );
    const utcView = store.calendarView('room', new Date('2026-03-01Z'), new Date('2026-05-01Z'));
    expect(utcView.map(startOf)).toEqual([
      '2026-03-16T08:00:00.0000000',
      '2026-03-23T08:00:00.0000000',
      '2026-03-30T07:00:00.0000000',
      '2026-04-06T07:00:00.0000000',
    ]);
    expect(utcView.map(tzOf)).toEqual(['UTC', 'UTC', 'UTC', 'UTC']);
    const berlin = store.calendarView(
      'room',
      new Date('2026-03-01Z'),
      new Date('2026-05-01Z'),
      'Europe/Berlin',
    );
    expect(berlin.map(startOf).map((s) => s.slice(11, 16))).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect(berlin.map(tzOf)).toEqual(Array(4).fill('W. Europe Standard Time'));
  });

  it('keeps 09:00 New York across the US DST change (a week before Europe)', () => {
    const store = createCalendarStore({ clock });
    store.createEvent('room', weekly('2026-03-02T09:00:00', '2026-03-02T09:30:00', 'Eastern Standard Time'));
    const view = store.calendarView('room', new Date('2026-03-01Z'), new Date('2026-04-01Z'));
    expect(view.map(startOf)).toEqual([
      '2026-03-02T14:00:00.0000000',
      '2026-03-09T13:00:00.0000000',
      '2026-03-16T13:00:00.0000000',
      '2026-03-23T13:00:00.0000000',
    ]);
    const pacific = store.calendarView(
      'room',
      new Date('2026-03-01Z'),
      new Date('2026-04-01Z'),
      'Pacific Standard Time',
    );
    expect(pacific.map(startOf)[0]).toBe('2026-03-02T06:00:00.0000000');
  });

  it('series master carries Graph recurrence wire defaults; occurrences have none', () => {
    const store = createCalendarStore({ clock });
    const master = store.createEvent(
      'room',
      weekly('2026-03-16T09:00:00', '2026-03-16T10:00:00', 'Europe/Berlin'),
    );
    expect(master['type']).toBe('seriesMaster');
    expect(master['recurrence']).toEqual({
      pattern: {
        type: 'weekly',
        interval: 1,
        month: 0,
        dayOfMonth: 0,
        daysOfWeek: ['monday'],
        firstDayOfWeek: 'sunday',
        index: 'first',
      },
      range: {
        type: 'numbered',
        startDate: '2026-03-16',
        endDate: '0001-01-01',
        recurrenceTimeZone: 'W. Europe Standard Time',
        numberOfOccurrences: 4,
      },
    });
    const [first] =
      store.instances('room', master.id, new Date('2026-03-01Z'), new Date('2026-05-01Z')) ?? [];
    expect(first?.['recurrence']).toBeNull();
    expect(first?.['seriesMasterId']).toBe(master.id);
    expect(first?.['type']).toBe('occurrence');
    expect(first?.['iCalUId']).not.toBe(master['iCalUId']);
  });

  it('edits one occurrence into an exception and cancels another', () => {
    const store = createCalendarStore({ clock });
    const master = store.createEvent(
      'room',
      weekly('2026-03-16T09:00:00', '2026-03-16T10:00:00', 'Europe/Berlin'),
    );
    const range = [new Date('2026-03-01Z'), new Date('2026-05-01Z')] as const;
    const [o1, o2, o3] = store.calendarView('room', ...range);
    store.updateEvent('room', o2!.id, {
      subject: 'Standup (moved)',
      start: { dateTime: '2026-03-24T15:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-03-24T16:00:00', timeZone: 'Europe/Berlin' },
    });
    store.cancelEvent('room', o3!.id);
    const view = store.calendarView('room', ...range);
    expect(view.map((e) => [e['type'], e['subject'], startOf(e)])).toEqual([
      ['occurrence', 'Standup', '2026-03-16T08:00:00.0000000'],
      ['exception', 'Standup (moved)', '2026-03-24T14:00:00.0000000'],
      ['occurrence', 'Standup', '2026-04-06T07:00:00.0000000'],
    ]);
    expect(view[1]!.id).toBe(o2!.id);
    expect(view[1]!['originalStart']).toBe('2026-03-23T08:00:00Z');
    expect(store.getEvent('room', o3!.id)).toBeUndefined();
    expect(store.getEvent('room', o1!.id)?.['seriesMasterId']).toBe(master.id);
    expect(store.instances('room', master.id, ...range)?.length).toBe(3);
  });

  it('expands a noEnd daily series lazily in any window', () => {
    const store = createCalendarStore({ clock });
    store.createEvent('room', {
      subject: 'Daily',
      start: { dateTime: '2026-01-01T12:00:00', timeZone: 'Tokyo Standard Time' },
      end: { dateTime: '2026-01-01T12:30:00', timeZone: 'Tokyo Standard Time' },
      recurrence: {
        pattern: { type: 'daily', interval: 2 },
        range: { type: 'noEnd', startDate: '2026-01-01' },
      },
    });
    const view = store.calendarView('room', new Date('2099-01-01Z'), new Date('2099-01-05Z'));
    // 2026-01-01 + 26,663 days (odd) = 2099-01-01, so the series falls on the 2nd and 4th.
    expect(view.map(startOf)).toEqual(['2099-01-02T03:00:00.0000000', '2099-01-04T03:00:00.0000000']);
  });

  it('all-day events are midnight to midnight in their zone and overlap [start, end)', () => {
    const store = createCalendarStore({ clock });
    store.createEvent('user', {
      subject: 'Offsite',
      isAllDay: true,
      start: { dateTime: '2026-03-10T00:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-03-12T00:00:00', timeZone: 'Europe/Berlin' },
    });
    const [event] = store.calendarView(
      'user',
      new Date('2026-03-11T12:00:00Z'),
      new Date('2026-03-11T13:00:00Z'),
    );
    expect(event?.['isAllDay']).toBe(true);
    expect(startOf(event!)).toBe('2026-03-10T00:00:00.0000000');
    expect((event!['end'] as { dateTime: string }).dateTime).toBe('2026-03-12T00:00:00.0000000');
    expect(
      store.calendarView('user', new Date('2026-03-11T23:00:00Z'), new Date('2026-03-12T05:00:00Z')),
    ).toEqual([]);
  });

  it('stored master and instances carry every key of the documented samples', () => {
    const store = createCalendarStore({ clock });
    const master = store.createEvent(
      'room',
      weekly('2026-03-16T09:00:00', '2026-03-16T10:00:00', 'Europe/Berlin'),
    );
    const fetched = store.getEvent('room', master.id, 'Pacific Standard Time')!;
    const sampleMaster = readSample('event-seriesmaster-full.json') as Record<string, unknown>;
    for (const key of Object.keys(sampleMaster)) expect(Object.keys(fetched)).toContain(key);
    expect(tzOf(fetched)).toBe('Pacific Standard Time');
    const sampleInstances = readSample('event-instances-response.json') as {
      value: Record<string, unknown>[];
    };
    const [instance] =
      store.instances('room', master.id, new Date('2026-03-01Z'), new Date('2026-05-01Z')) ?? [];
    for (const key of Object.keys(sampleInstances.value[0]!)) expect(Object.keys(instance!)).toContain(key);
    expect(String(instance!['createdDateTime'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });
});
