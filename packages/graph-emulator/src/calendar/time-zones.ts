import windowsIana from 'windows-iana';

const { findIana, findWindows } = windowsIana;

/** A time zone known under both naming schemes; Graph speaks Windows names, the maths uses IANA. */
export interface ResolvedZone {
  iana: string;
  windows: string;
}

const UTC_ZONE: ResolvedZone = { iana: 'UTC', windows: 'UTC' };
const OFFSET_BUCKET_MS = 15 * 60_000;

/** Per-store cache of resolved names, formatters and offsets (offsets only change on quarter hours). */
export class ZoneCalculator {
  readonly #zones = new Map<string, ResolvedZone | null>();
  readonly #formatters = new Map<string, Intl.DateTimeFormat>();
  readonly #offsets = new Map<string, Map<number, number>>();

  /** Resolves a Windows or IANA name (case-insensitive for Windows names); undefined when unknown. */
  resolve(name: string | undefined): ResolvedZone | undefined {
    if (name === undefined || name === '' || name.toUpperCase() === 'UTC') return UTC_ZONE;
    const cached = this.#zones.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = resolveUncached(name);
    this.#zones.set(name, resolved ?? null);
    return resolved;
  }

  /** Offset of `zone` from UTC in ms at the given instant (positive east of Greenwich). */
  offsetAt(zone: ResolvedZone, utcMs: number): number {
    if (zone.iana === 'UTC') return 0;
    const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS);
    let perZone = this.#offsets.get(zone.iana);
    if (perZone === undefined) {
      perZone = new Map();
      this.#offsets.set(zone.iana, perZone);
    }
    const cached = perZone.get(bucket);
    if (cached !== undefined) return cached;
    const offset = this.#computeOffset(zone.iana, bucket * OFFSET_BUCKET_MS);
    perZone.set(bucket, offset);
    return offset;
  }

  /** Converts an instant to the zone's wall time, expressed as "naive" ms (wall time read as if UTC). */
  utcToLocal(zone: ResolvedZone, utcMs: number): number {
    return utcMs + this.offsetAt(zone, utcMs);
  }

  /** Converts a wall time to an instant; a wall time inside a spring-forward gap moves forward, like Outlook. */
  localToUtc(zone: ResolvedZone, localMs: number): number {
    const firstGuess = this.offsetAt(zone, localMs);
    const candidate = localMs - firstGuess;
    const actual = this.offsetAt(zone, candidate);
    if (actual === firstGuess) return candidate;
    const second = localMs - actual;
    if (this.offsetAt(zone, second) === actual) return second;
    // Gap: no such wall time exists; use the offset in force before the transition.
    return localMs - Math.min(firstGuess, actual);
  }

  #computeOffset(iana: string, utcMs: number): number {
    let formatter = this.#formatters.get(iana);
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: iana,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      this.#formatters.set(iana, formatter);
    }
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(
      parts['year'] ?? 1970,
      (parts['month'] ?? 1) - 1,
      parts['day'] ?? 1,
      parts['hour'] ?? 0,
      parts['minute'] ?? 0,
      parts['second'] ?? 0,
    );
    return asUtc - (utcMs - (utcMs % 1000));
  }
}

function isValidIana(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function resolveUncached(name: string): ResolvedZone | undefined {
  const windowsMatch = findIana(name);
  const firstIana = windowsMatch[0];
  if (firstIana !== undefined) {
    const canonicalWindows = findWindows(firstIana)[0] ?? name;
    return { iana: firstIana, windows: canonicalWindows };
  }
  if (!isValidIana(name)) return undefined;
  const windows = findWindows(name)[0];
  if (windows === 'UTC') return UTC_ZONE;
  // An IANA zone without a Windows mapping keeps its IANA name on the wire.
  return { iana: name, windows: windows ?? name };
}
