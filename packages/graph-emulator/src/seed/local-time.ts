/** Wall-clock helpers for planning events in a mailbox's own zone (via Intl, no calendar imports). */

/** Intl formatters are expensive to build; callers keep one cache per generation run. */
export type FormatterCache = Map<string, Intl.DateTimeFormat>;

/** Local date (YYYY-MM-DD) and minutes since midnight of an instant in an IANA zone. */
export function localNow(
  now: Date,
  timeZone: string,
  cache?: FormatterCache,
): { date: string; minutes: number } {
  const parts: Record<string, string> = {};
  const format =
    cache?.get(timeZone) ??
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  cache?.set(timeZone, format);
  for (const part of format.formatToParts(now)) parts[part.type] = part.value;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/** Graph dateTime for `date` plus `dayOffset` days at `minutes` after midnight (minutes may exceed a day). */
export function wallTime(date: string, dayOffset: number, minutes: number): string {
  return wallTimeFrom(Date.parse(`${date}T00:00:00Z`), dayOffset, minutes);
}

/** wallTime with the date already parsed to naive ms (hot path of scale generation). */
export function wallTimeFrom(dateMs: number, dayOffset: number, minutes: number): string {
  return new Date(dateMs + dayOffset * 86_400_000 + minutes * 60_000).toISOString().slice(0, 19);
}

/** Day of week (0 = Sunday) of a YYYY-MM-DD date shifted by dayOffset. */
export function weekdayOf(date: string, dayOffset: number): number {
  return new Date(Date.parse(`${date}T00:00:00Z`) + dayOffset * 86_400_000).getUTCDay();
}
