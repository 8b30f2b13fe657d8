import { DirectoryError } from '../directory/directory-error.ts';

/**
 * Where real tenants depart from Microsoft's documentation (the package README's "Field behaviours" table lists the sources).
 * Each switch picks the documented (ideal) or the field behaviour. A switch defaults to the field behaviour
 * once calsync's engine handles it; until then it defaults to the documented one, so the engine's own
 * tests stay green while the field behaviour can already be exercised on demand.
 */
export interface FieldBehaviour {
  /** Documented: /places/* pages with @odata.nextLink. Field: no nextLink, page with $top/$skip/$count. */
  placesNextLink: boolean;
  /** Field: calendarView/delta also sends seriesMaster items (full), next to occurrence stubs. */
  seriesMastersInDelta: boolean;
  /**
   * Field: a series (master, occurrences, exceptions) is never split across delta pages, whatever
   * maxpagesize says. Off where a test needs pages of exactly maxpagesize items.
   */
  seriesOnOnePage: boolean;
  /**
   * Documented: every occurrence a series edit or an occurrence deletion removes comes back as @removed.
   * Field: none of them do; only the changed master (and new occurrences) is sent, and a deleted series
   * sends only the master's @removed. calsync re-reads a changed series through /instances.
   */
  strictSeriesRemovals: boolean;
  /** Field: rooms without explicit CalendarProcessing settings use Exchange's defaults (subject rewritten, body and private flag cleared). */
  roomCalendarProcessing: boolean;
  /** Documented (loosely): /users/{smtp address} resolves any address. Field: only the object id or the UPN. */
  resolveSmtpAliases: boolean;
}

/** The defaults (see the rule on FieldBehaviour). */
export const DEFAULT_FIELD_BEHAVIOUR: Readonly<FieldBehaviour> = Object.freeze({
  placesNextLink: false,
  seriesMastersInDelta: true,
  seriesOnOnePage: true,
  strictSeriesRemovals: false,
  roomCalendarProcessing: false,
  resolveSmtpAliases: false,
});

/** Every field behaviour on: the emulator as real tenants behave. */
export const FIELD_BEHAVIOUR: Readonly<FieldBehaviour> = Object.freeze({
  placesNextLink: false,
  seriesMastersInDelta: true,
  seriesOnOnePage: true,
  strictSeriesRemovals: false,
  roomCalendarProcessing: true,
  resolveSmtpAliases: false,
});

const KEYS = Object.keys(DEFAULT_FIELD_BEHAVIOUR) as Array<keyof FieldBehaviour>;

/** Applies a partial patch from the control API; unknown keys and non-booleans are refused. */
export function patchFieldBehaviour(current: FieldBehaviour, patch: unknown): FieldBehaviour {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new DirectoryError('Invalid', 'JSON object body expected');
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (!KEYS.includes(key as keyof FieldBehaviour))
      throw new DirectoryError('Invalid', `unknown behaviour ${key}; known: ${KEYS.join(', ')}`);
    if (typeof value !== 'boolean') throw new DirectoryError('Invalid', `${key} must be a boolean`);
    next[key as keyof FieldBehaviour] = value;
  }
  return next;
}
