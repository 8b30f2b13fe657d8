import { resolveIanaTimeZone, zonedWallTimeToUtc } from '../../events/time-zones.ts';

const DAY_MS = 86_400_000;

/**
 * An EWS dateTime as an instant. Exchange always puts a zone designator on values it returns (Z or an
 * offset, docs/exchange-ews.md §3.4); a value without one is refused rather than guessed.
 */
export function parseEwsInstant(value: string | null): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) return null;
  const ms = Date.parse(trimmed.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * All-day items are midnight to midnight in the zone they were created in, so in UTC they look shifted. With
 * the item's StartTimeZone (a Windows id) the instants are snapped to that zone's midnights, which guards
 * against servers that report an all-day item a few minutes off; without a zone they are kept as sent.
 */
export function allDayBounds(
  start: Date,
  end: Date,
  windowsZone: string | null,
): { start: Date; end: Date; zone: string | null } {
  const zone = resolveIanaTimeZone(windowsZone);
  if (zone === null) return { start, end, zone: null };
  const snap = (instant: Date): Date => {
    const probe = zonedWallTimeToUtc(
      Math.round((instant.getTime() + offsetGuess(instant, zone)) / DAY_MS) * DAY_MS,
      zone,
    );
    return new Date(probe);
  };
  return { start: snap(start), end: snap(end), zone };
}

/**
 * An all-day item as the engine stores it (sync/source-event.ts): the UTC midnights of its first day and
 * of the day after its last, read in its StartTimeZone (UTC without one).
 */
export function allDayDates(start: Date, end: Date, windowsZone: string | null): { start: Date; end: Date } {
  const bounds = allDayBounds(start, end, windowsZone);
  const zone = bounds.zone ?? 'UTC';
  return { start: utcMidnightOfLocalDay(bounds.start, zone), end: utcMidnightOfLocalDay(bounds.end, zone) };
}

function utcMidnightOfLocalDay(instant: Date, zone: string): Date {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return new Date(`${day.format(instant)}T00:00:00Z`);
}

/** Offset of `zone` at `instant` in ms, from the wall-time round trip (positive east of Greenwich). */
function offsetGuess(instant: Date, zone: string): number {
  const midnightGuess = Math.floor(instant.getTime() / DAY_MS) * DAY_MS;
  return midnightGuess - zonedWallTimeToUtc(midnightGuess, zone);
}
