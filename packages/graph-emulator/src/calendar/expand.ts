import { DAY_MS, dayOf } from './date-format.ts';
import type { EventTiming, ExceptionRecord, StoredEvent, ViewItem } from './event-model.ts';
import { makeOccurrenceId } from './event-ids.ts';
import { expandOccurrenceDays } from './recurrence.ts';
import type { ZoneCalculator } from './time-zones.ts';

/** Timing of the unmodified occurrence on `day` (wall-clock time kept in the series zone across DST). */
export function occurrenceTiming(zones: ZoneCalculator, event: StoredEvent, day: number): EventTiming {
  const series = event.series;
  if (series === undefined) return event.timing;
  const localStart = day * DAY_MS + series.timeOfDayMs;
  return {
    startUtc: zones.localToUtc(series.zone, localStart),
    endUtc: zones.localToUtc(series.zone, localStart + series.durationLocalMs),
    startZone: event.timing.startZone,
    endZone: event.timing.endZone,
    isAllDay: event.timing.isAllDay,
  };
}

function overlaps(timing: EventTiming, startMs: number, endMs: number): boolean {
  // Graph's calendarView: events overlapping [start, end); a zero-length event at `start` still counts.
  return timing.startUtc < endMs && (timing.endUtc > startMs || timing.startUtc === startMs);
}

function occurrenceItem(zones: ZoneCalculator, event: StoredEvent, day: number): ViewItem {
  const timing = occurrenceTiming(zones, event, day);
  return {
    id: makeOccurrenceId(event.mailboxId, event.seq, day),
    type: 'occurrence',
    event,
    day,
    exception: undefined,
    timing,
    originalStartUtc: timing.startUtc,
    fingerprint: `${event.changeKey}|${timing.startUtc}|${timing.endUtc}`,
  };
}

function exceptionItem(zones: ZoneCalculator, event: StoredEvent, exception: ExceptionRecord): ViewItem {
  const original = occurrenceTiming(zones, event, exception.day);
  return {
    id: exception.id,
    type: 'exception',
    event,
    day: exception.day,
    exception,
    timing: exception.timing ?? original,
    originalStartUtc: original.startUtc,
    fingerprint: `${event.changeKey}|${exception.changeKey}`,
  };
}

/** The single item of a non-recurring event. */
export function singleItem(event: StoredEvent): ViewItem {
  return {
    id: event.id,
    type: 'singleInstance',
    event,
    day: undefined,
    exception: undefined,
    timing: event.timing,
    originalStartUtc: undefined,
    fingerprint: event.changeKey,
  };
}

/** Occurrences and exceptions of a series overlapping [startMs, endMs); cancelled occurrences are skipped. */
export function expandSeries(
  zones: ZoneCalculator,
  event: StoredEvent,
  startMs: number,
  endMs: number,
): ViewItem[] {
  const series = event.series;
  if (series === undefined) return [];
  const items: ViewItem[] = [];
  const spanDays = Math.ceil(series.durationLocalMs / DAY_MS) + 1;
  const fromDay = dayOf(zones.utcToLocal(series.zone, startMs)) - spanDays;
  const toDay = dayOf(zones.utcToLocal(series.zone, endMs)) + 1;
  for (const day of expandOccurrenceDays(series.rec, fromDay, toDay)) {
    if (series.cancelled.has(day) || series.exceptions.has(day)) continue;
    const item = occurrenceItem(zones, event, day);
    if (overlaps(item.timing, startMs, endMs)) items.push(item);
  }
  for (const exception of series.exceptions.values()) {
    const item = exceptionItem(zones, event, exception);
    if (overlaps(item.timing, startMs, endMs)) items.push(item);
  }
  return items;
}

/** Everything of one stored event visible in [startMs, endMs). */
export function expandEvent(
  zones: ZoneCalculator,
  event: StoredEvent,
  startMs: number,
  endMs: number,
): ViewItem[] {
  if (event.spanStartUtc >= endMs || event.spanEndUtc < startMs) return [];
  if (event.series === undefined) return overlaps(event.timing, startMs, endMs) ? [singleItem(event)] : [];
  return expandSeries(zones, event, startMs, endMs);
}

/** The view item behind an occurrence or exception id (undefined when cancelled or not on the pattern). */
export function findSeriesItem(zones: ZoneCalculator, event: StoredEvent, day: number): ViewItem | undefined {
  const series = event.series;
  if (series === undefined || series.cancelled.has(day)) return undefined;
  const exception = series.exceptions.get(day);
  if (exception !== undefined) return exceptionItem(zones, event, exception);
  const onPattern = expandOccurrenceDays(series.rec, day, day);
  return onPattern.length === 1 ? occurrenceItem(zones, event, day) : undefined;
}

/** Sorts by start, then id, as the brief's calendarView contract requires. */
export function compareViewItems(a: ViewItem, b: ViewItem): number {
  if (a.timing.startUtc !== b.timing.startUtc) return a.timing.startUtc - b.timing.startUtc;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
