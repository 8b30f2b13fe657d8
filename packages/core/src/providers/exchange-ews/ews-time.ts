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

/** Offset of `zone` at `instant` in ms, from the wall-time round trip (positive east of Greenwich). */
function offsetGuess(instant: Date, zone: string): number {
  const midnightGuess = Math.floor(instant.getTime() / DAY_MS) * DAY_MS;
  return midnightGuess - zonedWallTimeToUtc(midnightGuess, zone);
}
