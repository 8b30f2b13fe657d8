import { parseDay } from './date-format.ts';
import type { DayOfWeek, PatternedRecurrenceInput, WeekIndex } from './types.ts';

/** Graph's day names in JavaScript getUTCDay() order. */
export const DAY_NAMES: readonly DayOfWeek[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const INDEXES: readonly WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];

/** A validated recurrence with days as day numbers (days since 1970-01-01 in the series' zone). */
export interface NormalizedRecurrence {
  type: PatternedRecurrenceInput['pattern']['type'];
  interval: number;
  daysOfWeek: number[];
  firstDayOfWeek: number;
  dayOfMonth: number;
  month: number;
  index: WeekIndex;
  rangeType: PatternedRecurrenceInput['range']['type'];
  startDay: number;
  endDay: number | undefined;
  count: number | undefined;
}

/** Day of week (0 = Sunday) of a day number. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function dayFromYmd(year: number, monthIndex: number, dayOfMonth: number): number {
  return Math.floor(Date.UTC(year, monthIndex, dayOfMonth) / 86_400_000);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

function dayName(name: string): number {
  const index = DAY_NAMES.indexOf(name as DayOfWeek);
  if (index < 0) throw new RangeError(`Invalid day of week '${name}'.`);
  return index;
}

/** Validates a Graph patternedRecurrence ("any unsupported value is an error", docs/microsoft-graph.md §2.3). */
export function normalizeRecurrence(input: PatternedRecurrenceInput): NormalizedRecurrence {
  const { pattern, range } = input;
  const interval = pattern.interval;
  if (!Number.isInteger(interval) || interval < 1 || interval > 99)
    throw new RangeError('Invalid recurrence interval.');
  const startDay = parseDay(range.startDate);
  if (startDay === undefined) throw new RangeError('Invalid recurrence range startDate.');
  const daysOfWeek = [...new Set((pattern.daysOfWeek ?? []).map(dayName))].sort((a, b) => a - b);
  const needsDays =
    pattern.type === 'weekly' || pattern.type === 'relativeMonthly' || pattern.type === 'relativeYearly';
  if (needsDays && daysOfWeek.length === 0)
    throw new RangeError(`Recurrence type ${pattern.type} needs daysOfWeek.`);
  const dayOfMonth = pattern.dayOfMonth ?? 0;
  if (
    (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') &&
    !(dayOfMonth >= 1 && dayOfMonth <= 31)
  )
    throw new RangeError('Invalid recurrence dayOfMonth.');
  const month = pattern.month ?? 0;
  if (
    (pattern.type === 'absoluteYearly' || pattern.type === 'relativeYearly') &&
    !(month >= 1 && month <= 12)
  )
    throw new RangeError('Invalid recurrence month.');
  const index = pattern.index ?? 'first';
  if (!INDEXES.includes(index)) throw new RangeError('Invalid recurrence index.');
  let endDay: number | undefined;
  let count: number | undefined;
  if (range.type === 'endDate') {
    endDay = range.endDate === undefined ? undefined : parseDay(range.endDate);
    if (endDay === undefined || endDay < startDay) throw new RangeError('Invalid recurrence range endDate.');
  } else if (range.type === 'numbered') {
    count = range.numberOfOccurrences ?? 0;
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError('Invalid recurrence numberOfOccurrences.');
  } else if (range.type !== 'noEnd') {
    throw new RangeError('Invalid recurrence range type.');
  }
  return {
    type: pattern.type,
    interval,
    daysOfWeek,
    firstDayOfWeek: dayName(pattern.firstDayOfWeek ?? 'sunday'),
    dayOfMonth,
    month,
    index,
    rangeType: range.type,
    startDay,
    endDay,
    count,
  };
}

/** The nth (or last) day in a month that matches any of the weekdays (docs/microsoft-graph.md §2.3 relative patterns). */
function relativeDay(year: number, monthIndex: number, weekdays: number[], index: WeekIndex): number {
  const first = dayFromYmd(year, monthIndex, 1);
  const matches: number[] = [];
  for (let d = 0; d < daysInMonth(year, monthIndex); d++) {
    if (weekdays.includes(weekdayOf(first + d))) matches.push(first + d);
  }
  const picked = index === 'last' ? matches[matches.length - 1] : matches[INDEXES.indexOf(index)];
  return picked ?? matches[matches.length - 1] ?? first;
}

/** Candidate days of period k (unsorted days are sorted by construction). */
function periodDays(rec: NormalizedRecurrence, k: number): number[] {
  const startDate = new Date(rec.startDay * 86_400_000);
  const startYear = startDate.getUTCFullYear();
  const startMonth = startDate.getUTCMonth();
  switch (rec.type) {
    case 'daily':
      return [rec.startDay + k * rec.interval];
    case 'weekly': {
      const weekStart =
        rec.startDay - ((weekdayOf(rec.startDay) - rec.firstDayOfWeek + 7) % 7) + 7 * rec.interval * k;
      return rec.daysOfWeek
        .map((dow) => weekStart + ((dow - rec.firstDayOfWeek + 7) % 7))
        .sort((a, b) => a - b);
    }
    case 'absoluteMonthly':
    case 'relativeMonthly': {
      const months = startYear * 12 + startMonth + k * rec.interval;
      const year = Math.floor(months / 12);
      const monthIndex = months % 12;
      if (rec.type === 'relativeMonthly') return [relativeDay(year, monthIndex, rec.daysOfWeek, rec.index)];
      // Outlook puts "day 31" on the last day of shorter months.
      return [dayFromYmd(year, monthIndex, Math.min(rec.dayOfMonth, daysInMonth(year, monthIndex)))];
    }
    case 'absoluteYearly':
    case 'relativeYearly': {
      const year = startYear + k * rec.interval;
      if (rec.type === 'relativeYearly') return [relativeDay(year, rec.month - 1, rec.daysOfWeek, rec.index)];
      return [dayFromYmd(year, rec.month - 1, Math.min(rec.dayOfMonth, daysInMonth(year, rec.month - 1)))];
    }
  }
}

/** Index of the first period that can contain `fromDay` (periods before it are skipped, not enumerated). */
function firstPeriodFor(rec: NormalizedRecurrence, fromDay: number): number {
  if (rec.count !== undefined || fromDay <= rec.startDay) return 0;
  const startDate = new Date(rec.startDay * 86_400_000);
  const fromDate = new Date(fromDay * 86_400_000);
  switch (rec.type) {
    case 'daily':
      return Math.floor((fromDay - rec.startDay) / rec.interval);
    case 'weekly': {
      const weekStart = rec.startDay - ((weekdayOf(rec.startDay) - rec.firstDayOfWeek + 7) % 7);
      return Math.floor((fromDay - weekStart) / (7 * rec.interval));
    }
    case 'absoluteMonthly':
    case 'relativeMonthly': {
      const months =
        (fromDate.getUTCFullYear() - startDate.getUTCFullYear()) * 12 +
        fromDate.getUTCMonth() -
        startDate.getUTCMonth();
      return Math.max(0, Math.floor(months / rec.interval) - 1);
    }
    case 'absoluteYearly':
    case 'relativeYearly':
      return Math.max(
        0,
        Math.floor((fromDate.getUTCFullYear() - startDate.getUTCFullYear()) / rec.interval) - 1,
      );
  }
}

/**
 * Occurrence days d with fromDay <= d <= toDay, ascending. Lazy: a noEnd or endDate series only walks the
 * periods that overlap the requested days; a numbered series walks from its start to count occurrences.
 */
export function expandOccurrenceDays(rec: NormalizedRecurrence, fromDay: number, toDay: number): number[] {
  const result: number[] = [];
  const lastDay = rec.endDay === undefined ? toDay : Math.min(toDay, rec.endDay);
  let produced = 0;
  for (let k = firstPeriodFor(rec, fromDay); ; k++) {
    const days = periodDays(rec, k);
    if ((days[0] ?? Number.POSITIVE_INFINITY) > lastDay) return result;
    for (const day of days) {
      if (day < rec.startDay) continue;
      if (day > lastDay) return result;
      produced++;
      if (day >= fromDay) result.push(day);
      if (rec.count !== undefined && produced >= rec.count) return result;
    }
  }
}

/** Last occurrence day of a bounded series; undefined for noEnd. */
export function lastOccurrenceDay(rec: NormalizedRecurrence): number | undefined {
  if (rec.rangeType === 'noEnd') return undefined;
  if (rec.endDay !== undefined)
    return expandOccurrenceDays(rec, rec.startDay, rec.endDay).at(-1) ?? rec.startDay;
  const all = expandOccurrenceDays(rec, rec.startDay, Number.MAX_SAFE_INTEGER / 86_400_000);
  return all.at(-1) ?? rec.startDay;
}
