/** Wall-time and instant formatting in Graph's wire formats. "Naive" ms = wall time read as if UTC. */

export const DAY_MS = 86_400_000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;

/** Parses Graph's "2026-11-30T09:00:00.0000000" (no offset) into naive ms; undefined when malformed. */
export function parseLocalDateTime(value: string): number | undefined {
  const match = LOCAL_DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = frac === undefined ? 0 : Math.floor(Number(frac.padEnd(7, '0')) / 10_000);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
}

/** Formats naive ms as Graph's dateTime: 7 fractional digits, no offset. */
export function formatLocalDateTime(naiveMs: number): string {
  const iso = new Date(naiveMs).toISOString(); // 2026-11-30T09:00:00.000Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}0000`;
}

/** Formats an instant as Graph's DateTimeOffset in UTC ("2017-07-31T18:58:31.011Z" style, 7 digits). */
export function formatUtcOffsetDateTime(utcMs: number): string {
  return `${formatLocalDateTime(utcMs)}Z`;
}

/** Formats an instant as Graph's originalStart ("2019-04-16T20:30:00Z"). */
export function formatUtcSeconds(utcMs: number): string {
  return `${new Date(utcMs).toISOString().slice(0, 19)}Z`;
}

/** Day number (days since 1970-01-01) of a naive ms value. */
export function dayOf(naiveMs: number): number {
  return Math.floor(naiveMs / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a YYYY-MM-DD date; undefined when malformed. */
export function parseDay(value: string): number | undefined {
  const naive = parseLocalDateTime(value);
  return naive === undefined ? undefined : dayOf(naive);
}
