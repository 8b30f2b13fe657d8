/** Wall-clock helpers for planning events in a mailbox's own zone (via Intl, no calendar imports). */

/** Local date (YYYY-MM-DD) and minutes since midnight of an instant in an IANA zone. */
export function localNow(now: Date, timeZone: string): { date: string; minutes: number } {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const part of format.formatToParts(now)) parts[part.type] = part.value;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/** Graph dateTime for `date` plus `dayOffset` days at `minutes` after midnight (minutes may exceed a day). */
export function wallTime(date: string, dayOffset: number, minutes: number): string {
  const base = Date.parse(`${date}T00:00:00Z`) + dayOffset * 86_400_000 + minutes * 60_000;
  return new Date(base).toISOString().slice(0, 19);
}

/** Day of week (0 = Sunday) of a YYYY-MM-DD date shifted by dayOffset. */
export function weekdayOf(date: string, dayOffset: number): number {
  return new Date(Date.parse(`${date}T00:00:00Z`) + dayOffset * 86_400_000).getUTCDay();
}
