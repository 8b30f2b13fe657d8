import { describe, expect, it } from 'vitest';
import { formatDay } from './date-format.ts';
import { expandOccurrenceDays, normalizeRecurrence } from './recurrence.ts';
import type { PatternedRecurrenceInput } from './types.ts';

function days(input: PatternedRecurrenceInput, from: string, to: string): string[] {
  const rec = normalizeRecurrence(input);
  const fromDay = Date.parse(`${from}T00:00:00Z`) / 86_400_000;
  const toDay = Date.parse(`${to}T00:00:00Z`) / 86_400_000;
  return expandOccurrenceDays(rec, fromDay, toDay).map(formatDay);
}

describe('recurrence day expansion', () => {
  it('relativeMonthly second Tuesday, numbered', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'second' },
      range: { type: 'numbered', startDate: '2026-01-13', numberOfOccurrences: 4 },
    };
    expect(days(input, '2026-01-01', '2027-01-01')).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
      '2026-04-14',
    ]);
  });

  it('relativeMonthly last Friday with endDate', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
      range: { type: 'endDate', startDate: '2026-01-30', endDate: '2026-05-29' },
    };
    expect(days(input, '2025-01-01', '2027-01-01')).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
    ]);
  });

  it('relativeYearly first Monday of September', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'relativeYearly', interval: 1, daysOfWeek: ['monday'], index: 'first', month: 9 },
      range: { type: 'noEnd', startDate: '2026-09-07' },
    };
    expect(days(input, '2026-01-01', '2029-12-31')).toEqual([
      '2026-09-07',
      '2027-09-06',
      '2028-09-04',
      '2029-09-03',
    ]);
  });

  it('absoluteYearly 29 February falls on 28 February in common years', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 29, month: 2 },
      range: { type: 'numbered', startDate: '2028-02-29', numberOfOccurrences: 3 },
    };
    expect(days(input, '2028-01-01', '2035-01-01')).toEqual(['2028-02-29', '2029-02-28', '2030-02-28']);
  });

  it('absoluteMonthly day 31 uses the last day of shorter months', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 },
      range: { type: 'numbered', startDate: '2026-01-31', numberOfOccurrences: 4 },
    };
    expect(days(input, '2026-01-01', '2027-01-01')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('daily interval 2 with endDate, expanded lazily inside a sub-range', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'daily', interval: 2 },
      range: { type: 'endDate', startDate: '2026-03-01', endDate: '2026-03-09' },
    };
    expect(days(input, '2026-01-01', '2026-12-31')).toEqual([
      '2026-03-01',
      '2026-03-03',
      '2026-03-05',
      '2026-03-07',
      '2026-03-09',
    ]);
    expect(days(input, '2026-03-04', '2026-03-07')).toEqual(['2026-03-05', '2026-03-07']);
  });

  it('weekly interval 2 on Monday and Wednesday, week starting Sunday', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['wednesday', 'monday'], firstDayOfWeek: 'sunday' },
      range: { type: 'numbered', startDate: '2026-03-04', numberOfOccurrences: 5 },
    };
    // 2026-03-04 is a Wednesday: the Monday of that week (03-02) is before the start and not counted.
    expect(days(input, '2026-01-01', '2026-12-31')).toEqual([
      '2026-03-04',
      '2026-03-16',
      '2026-03-18',
      '2026-03-30',
      '2026-04-01',
    ]);
  });

  it('noEnd weekly series far in the future expands only the requested range', () => {
    const input: PatternedRecurrenceInput = {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday', 'thursday'], firstDayOfWeek: 'sunday' },
      range: { type: 'noEnd', startDate: '2017-08-15' },
    };
    expect(days(input, '2040-01-01', '2040-01-10')).toEqual(['2040-01-03', '2040-01-05', '2040-01-10']);
  });

  it('rejects unsupported values', () => {
    expect(() =>
      normalizeRecurrence({
        pattern: { type: 'weekly', interval: 1 },
        range: { type: 'noEnd', startDate: '2026-01-01' },
      }),
    ).toThrow(RangeError);
  });
});
