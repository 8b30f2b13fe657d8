import { DAY_MS, dayOf, parseLocalDateTime } from './date-format.ts';
import { InvalidEventInputError } from './errors.ts';
import type { EventFields, EventTiming, SeriesInfo, StoredEvent } from './event-model.ts';
import { occurrenceTiming } from './expand.ts';
import { expandOccurrenceDays, lastOccurrenceDay, normalizeRecurrence } from './recurrence.ts';
import type { ResolvedZone, ZoneCalculator } from './time-zones.ts';
import type { DateTimeTimeZone, EventInput, PatternedRecurrenceInput } from './types.ts';

function resolveOrThrow(zones: ZoneCalculator, name: string): ResolvedZone {
  const zone = zones.resolve(name);
  if (zone === undefined) throw new InvalidEventInputError(`Time zone '${name}' is not supported.`);
  return zone;
}

function instantOf(zones: ZoneCalculator, value: DateTimeTimeZone): { utc: number; zone: ResolvedZone } {
  const zone = resolveOrThrow(zones, value.timeZone);
  const local = parseLocalDateTime(value.dateTime);
  if (local === undefined) throw new InvalidEventInputError(`Invalid dateTime '${value.dateTime}'.`);
  return { utc: zones.localToUtc(zone, local), zone };
}

/** Validated timing of start/end; all-day events must be midnight to midnight in their zone. */
export function buildTiming(
  zones: ZoneCalculator,
  start: DateTimeTimeZone,
  end: DateTimeTimeZone,
  isAllDay: boolean,
): EventTiming {
  const s = instantOf(zones, start);
  const e = instantOf(zones, end);
  if (e.utc < s.utc) throw new InvalidEventInputError('The end of the event must not be before its start.');
  if (isAllDay) {
    const startLocal = zones.utcToLocal(s.zone, s.utc);
    const endLocal = zones.utcToLocal(s.zone, e.utc);
    if (startLocal % DAY_MS !== 0 || endLocal % DAY_MS !== 0 || endLocal === startLocal) {
      throw new InvalidEventInputError(
        'All-day events must start and end at midnight, at least one day apart.',
      );
    }
  }
  return { startUtc: s.utc, endUtc: e.utc, startZone: s.zone, endZone: e.zone, isAllDay };
}

/** Series state for a master with the given timing; the master then moves to its first occurrence. */
export function buildSeries(
  zones: ZoneCalculator,
  timing: EventTiming,
  input: PatternedRecurrenceInput,
): SeriesInfo {
  let rec;
  try {
    rec = normalizeRecurrence(input);
  } catch (error) {
    throw new InvalidEventInputError(error instanceof Error ? error.message : 'Invalid recurrence.');
  }
  const zone = resolveOrThrow(zones, input.range.recurrenceTimeZone ?? timing.startZone.iana);
  const localStart = zones.utcToLocal(zone, timing.startUtc);
  const localEnd = zones.utcToLocal(zone, timing.endUtc);
  return {
    input,
    rec,
    zone,
    timeOfDayMs: localStart - dayOf(localStart) * DAY_MS,
    durationLocalMs: localEnd - localStart,
    lastDay: lastOccurrenceDay(rec),
    exceptions: new Map(),
    cancelled: new Set(),
  };
}

/** The master's displayed timing: its first occurrence (Outlook starts a series on the first match). */
export function firstOccurrenceTiming(zones: ZoneCalculator, event: StoredEvent): EventTiming {
  const series = event.series;
  if (series === undefined) return event.timing;
  const first = expandOccurrenceDays(series.rec, series.rec.startDay, series.rec.startDay + 3660)[0];
  return first === undefined ? event.timing : occurrenceTiming(zones, event, first);
}

/** Recomputes the cheap bounds used to skip events in views. */
export function withSpan(zones: ZoneCalculator, event: StoredEvent): StoredEvent {
  const series = event.series;
  if (series === undefined)
    return { ...event, spanStartUtc: event.timing.startUtc, spanEndUtc: event.timing.endUtc };
  let spanStart = zones.localToUtc(series.zone, series.rec.startDay * DAY_MS) - DAY_MS;
  let spanEnd =
    series.lastDay === undefined
      ? Number.POSITIVE_INFINITY
      : zones.localToUtc(series.zone, (series.lastDay + 1) * DAY_MS + series.durationLocalMs) + DAY_MS;
  for (const exception of series.exceptions.values()) {
    if (exception.timing === undefined) continue;
    spanStart = Math.min(spanStart, exception.timing.startUtc);
    spanEnd = Math.max(spanEnd, exception.timing.endUtc);
  }
  return { ...event, spanStartUtc: spanStart, spanEndUtc: spanEnd };
}

/** Splits user input into stored fields (everything but times and recurrence). */
export function fieldsOf(input: Partial<EventInput>): Partial<EventFields> {
  const fields: Partial<EventFields> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'start' || key === 'end' || key === 'recurrence' || value === undefined) continue;
    (fields as Record<string, unknown>)[key] = value;
  }
  return fields;
}
