import windowsIana from 'windows-iana';

// windows-iana is CommonJS: a named import passes under vitest but crashes under plain Node/tsx.
const { findIana } = windowsIana;

const DAY_MS = 86_400_000;

/**
 * IANA name for a Graph time zone string: a Windows name ("Pacific Standard
 * Time", what `originalStartTimeZone` carries), an IANA name, or "UTC".
 * Returns null for `tzone://Microsoft/Custom` and names nobody knows: the
 * caller stores "unknown" rather than a guess.
 */
export function resolveIanaTimeZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const cached = resolvedZones.get(name);
  if (cached !== undefined) return cached;
  const resolved = lookUpIanaTimeZone(name);
  if (resolvedZones.size >= MEMO_LIMIT) resolvedZones.clear();
  resolvedZones.set(name, resolved);
  return resolved;
}

// Pure memos (same input, same output) bounded by MEMO_LIMIT: mapping runs per
// event, and Intl lookups dominate its cost.
const MEMO_LIMIT = 50_000;
const resolvedZones = new Map<string, string | null>();
const offsets = new Map<string, number>();
// Zone transitions fall on whole quarter hours of UTC for every zone in use, so
// an offset is constant within a quarter-hour bucket.
const OFFSET_BUCKET_MS = 15 * 60_000;

function lookUpIanaTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.startsWith('tzone://')) return null;
  // The mapping lists the CLDR primary zone first; skip aliases this runtime's ICU lacks.
  for (const candidate of findIana(trimmed)) {
    if (isSupportedZone(candidate)) return candidate;
  }
  return isSupportedZone(trimmed) ? canonicalZone(trimmed) : null;
}

/**
 * The canonical IANA name of `name` (case-insensitive; aliases such as "Asia/Calcutta" kept as this
 * runtime names them), or null when it is not an IANA zone — Windows names included: callers that take
 * a zone from a person validate with this, Graph values go through resolveIanaTimeZone.
 */
export function canonicalIanaZone(name: string): string | null {
  const trimmed = name.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(trimmed)) return null;
  return isSupportedZone(trimmed) ? canonicalZone(trimmed) : null;
}

function isSupportedZone(zone: string): boolean {
  try {
    getFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

function canonicalZone(zone: string): string {
  return getFormatter(zone).resolvedOptions().timeZone;
}

// Memo of immutable formatters (one per zone): building an Intl.DateTimeFormat
// costs far more than using one, and a sync maps thousands of events.
const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC at instant `epochMs`, in ms (positive east of Greenwich). */
function offsetAt(zone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
  const key = `${zone}|${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const offset = computeOffset(zone, bucket * OFFSET_BUCKET_MS);
  if (offsets.size >= MEMO_LIMIT) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function computeOffset(zone: string, epochMs: number): number {
  const parts = getFormatter(zone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * UTC instant of a wall-clock time in an IANA zone. `localMs` is the wall
 * time encoded as if it were UTC. Follows the "compatible" rule of Temporal
 * and RFC 5545: a time repeated by a DST fall-back resolves to its first
 * occurrence; a time skipped by a spring-forward moves forward by the gap.
 */
export function zonedWallTimeToUtc(localMs: number, zone: string): number {
  const before = offsetAt(zone, localMs - DAY_MS);
  const after = offsetAt(zone, localMs + DAY_MS);
  const viaBefore = localMs - before;
  const viaAfter = localMs - after;
  const beforeValid = offsetAt(zone, viaBefore) === before;
  const afterValid = offsetAt(zone, viaAfter) === after;
  if (beforeValid && afterValid) return Math.min(viaBefore, viaAfter);
  if (beforeValid) return viaBefore;
  if (afterValid) return viaAfter;
  // In the gap: keep the pre-transition offset, which lands after the gap.
  return viaBefore;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * Graph `dateTimeTimeZone` → UTC Date. `dateTime` is a wall time with up to 7
 * fractional digits and no offset; `timeZone` is whatever the request's
 * `Prefer: outlook.timezone` asked for (Windows or IANA name, default UTC).
 * Returns null when the zone cannot be resolved or the value is malformed.
 */
export function graphDateTimeToUtc(value: {
  dateTime: string;
  timeZone?: string | null | undefined;
}): Date | null {
  const text = value.dateTime.trim();
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) {
    // Some payloads carry an explicit offset or Z; trust it over timeZone.
    const parsed = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(parsed) ? null : new Date(parsed);
  }
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const localMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  const zoneName = value.timeZone?.trim() || 'UTC';
  if (/^(utc|etc\/utc|gmt|z)$/i.test(zoneName)) return new Date(localMs);
  const zone = resolveIanaTimeZone(zoneName);
  return zone === null ? null : new Date(zonedWallTimeToUtc(localMs, zone));
}
