import type { EventColumns } from './page-changes.ts';
import type { SourceEvent } from './source-event.ts';

/** The upsert's `unnest(...)` parameters: each column as the Postgres array literal pg would send for it. */
export type EventArrayLiterals = Record<keyof EventColumns, string>;

/**
 * The text pg's prepareValue makes of toEventColumns(rows), built in one pass over the rows. Given
 * JS arrays, pg walked twenty of them element by element, type-tested each element and escaped it
 * with two regex passes; and the JSON columns were stringified, then escaped a second time. Here a
 * JSON value goes through JSON.stringify twice, natively: the second pass escapes exactly what an
 * array literal needs (`"` and `\`; the first pass left no control character to escape).
 * event-array-literals.test.ts checks the text is pg's, byte for byte.
 */
export function toEventArrayLiterals(rows: readonly SourceEvent[]): EventArrayLiterals {
  const n = rows.length;
  // Element texts per column, joined once at the end: appending to twenty strings per row built
  // ropes that cost more to flatten on the socket write than they saved.
  const column = (): string[] => new Array<string>(n);
  const c = {
    sourceId: column(),
    iCalUid: column(),
    type: column(),
    seriesMasterId: column(),
    subject: column(),
    startAt: column(),
    endAt: column(),
    isAllDay: column(),
    timeZone: column(),
    showAs: column(),
    sensitivity: column(),
    isCancelled: column(),
    organizer: column(),
    attendees: column(),
    location: column(),
    locations: column(),
    onlineMeeting: column(),
    categories: column(),
    changeKey: column(),
    lastModifiedAt: column(),
  } satisfies Record<keyof EventColumns, string[]>;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as SourceEvent;
    c.sourceId[i] = text(r.sourceId);
    c.iCalUid[i] = text(r.iCalUId);
    c.type[i] = text(r.type);
    c.seriesMasterId[i] = text(r.seriesMasterId);
    c.subject[i] = text(r.subject);
    c.startAt[i] = text(r.startAt.toISOString());
    c.endAt[i] = text(r.endAt.toISOString());
    c.isAllDay[i] = flag(r.isAllDay);
    c.timeZone[i] = text(r.timeZone);
    c.showAs[i] = text(r.showAs);
    c.sensitivity[i] = text(r.sensitivity);
    c.isCancelled[i] = flag(r.isCancelled);
    c.organizer[i] = r.organizer ? json(r.organizer) : NULL;
    c.attendees[i] = json(r.attendees);
    c.location[i] = text(r.location);
    c.locations[i] = json(r.locations);
    c.onlineMeeting[i] = r.onlineMeeting ? json(r.onlineMeeting) : NULL;
    c.categories[i] = json(r.categories);
    c.changeKey[i] = text(r.changeKey);
    c.lastModifiedAt[i] = r.lastModifiedAt ? text(r.lastModifiedAt.toISOString()) : NULL;
  }
  const literals = {} as EventArrayLiterals;
  for (const key of Object.keys(c) as (keyof EventArrayLiterals)[]) literals[key] = `{${c[key].join(',')}}`;
  return literals;
}

const NULL = 'NULL';

/** pg's array element: quoted, with `\` and `"` backslash-escaped; NULL unquoted. */
function text(value: string | null): string {
  if (value === null) return NULL;
  // Most values (ids, enums, instants) hold neither: testing is cheaper than replacing.
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
}

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/** pg writes a boolean element as its quoted text. */
const flag = (value: boolean): string => (value ? '"true"' : '"false"');

/** JSON text, as a quoted array element: JSON.stringify of a JSON text escapes only `"` and `\`. */
const json = (value: unknown): string => JSON.stringify(JSON.stringify(value));
