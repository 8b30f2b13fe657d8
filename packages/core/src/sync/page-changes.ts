import type { SourceEvent } from './source-event.ts';

/** What one delta page asks of the database, after resolving duplicates. */
export interface PageChanges {
  upserts: SourceEvent[];
  /**
   * Provider ids reported removed, with the occurrences of a series whose master is removed
   * (a removal carries no type, docs/microsoft-graph.md §9.3). Ids never stored are a no-op.
   */
  removals: string[];
  /** Series read in full: stored occurrences of the master that are not in `keep` are deleted. */
  seriesReplacements: SeriesReplacement[];
}

export interface SeriesReplacement {
  seriesMasterId: string;
  /** Source ids of every occurrence and exception the series has in the window now. */
  keep: string[];
}

export type PageAction =
  | { kind: 'upsert'; row: SourceEvent }
  | { kind: 'remove'; sourceId: string }
  /** The whole series in the window, as the provider re-read it: these rows and no others. */
  | { kind: 'replace-series'; seriesMasterId: string; rows: SourceEvent[] };

/**
 * Graph may send the same item twice in a page, or an item and its removal;
 * order decides (the last mention wins). One statement must not touch a row
 * twice (`ON CONFLICT DO UPDATE` refuses), so each id ends up in one list once.
 */
export function collapsePageActions(actions: readonly PageAction[]): PageChanges {
  type RowAction = Exclude<PageAction, { kind: 'replace-series' }>;
  const last = new Map<string, RowAction>();
  const mention = (id: string, action: RowAction): void => {
    last.delete(id);
    last.set(id, action);
  };
  const replacements = new Map<string, string[]>();
  for (const action of actions) {
    if (action.kind === 'upsert') mention(action.row.sourceId, action);
    else if (action.kind === 'remove') mention(action.sourceId, action);
    else {
      for (const row of action.rows) mention(row.sourceId, { kind: 'upsert', row });
      replacements.delete(action.seriesMasterId);
      replacements.set(
        action.seriesMasterId,
        action.rows.map((r) => r.sourceId),
      );
    }
  }
  const upserts: SourceEvent[] = [];
  const removals: string[] = [];
  for (const action of last.values()) {
    if (action.kind === 'upsert') upserts.push(action.row);
    else removals.push(action.sourceId);
  }
  const seriesReplacements = [...replacements].map(([seriesMasterId, keep]) => ({ seriesMasterId, keep }));
  return { upserts, removals, seriesReplacements };
}

/**
 * Column arrays for `INSERT ... SELECT FROM unnest(...)`: one array per column, JSON as text. The
 * upsert sends them as array-literal text built in one pass (event-array-literals.ts), whose test
 * holds that text to what pg makes of these arrays.
 */
export interface EventColumns {
  sourceId: string[];
  iCalUid: (string | null)[];
  type: string[];
  seriesMasterId: (string | null)[];
  subject: (string | null)[];
  startAt: string[];
  endAt: string[];
  isAllDay: boolean[];
  timeZone: (string | null)[];
  showAs: string[];
  sensitivity: string[];
  isCancelled: boolean[];
  organizer: (string | null)[];
  attendees: string[];
  location: (string | null)[];
  locations: string[];
  onlineMeeting: (string | null)[];
  categories: string[];
  changeKey: (string | null)[];
  lastModifiedAt: (string | null)[];
}

export function toEventColumns(rows: readonly SourceEvent[]): EventColumns {
  const json = (value: unknown): string => JSON.stringify(value);
  return {
    sourceId: rows.map((r) => r.sourceId),
    iCalUid: rows.map((r) => r.iCalUId),
    type: rows.map((r) => r.type),
    seriesMasterId: rows.map((r) => r.seriesMasterId),
    subject: rows.map((r) => r.subject),
    startAt: rows.map((r) => r.startAt.toISOString()),
    endAt: rows.map((r) => r.endAt.toISOString()),
    isAllDay: rows.map((r) => r.isAllDay),
    timeZone: rows.map((r) => r.timeZone),
    showAs: rows.map((r) => r.showAs),
    sensitivity: rows.map((r) => r.sensitivity),
    isCancelled: rows.map((r) => r.isCancelled),
    organizer: rows.map((r) => (r.organizer ? json(r.organizer) : null)),
    attendees: rows.map((r) => json(r.attendees)),
    location: rows.map((r) => r.location),
    locations: rows.map((r) => json(r.locations)),
    onlineMeeting: rows.map((r) => (r.onlineMeeting ? json(r.onlineMeeting) : null)),
    categories: rows.map((r) => json(r.categories)),
    changeKey: rows.map((r) => r.changeKey),
    lastModifiedAt: rows.map((r) => r.lastModifiedAt?.toISOString() ?? null),
  };
}
