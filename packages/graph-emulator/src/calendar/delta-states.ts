import { parseOccurrenceId } from './event-ids.ts';
import type { EventTiming, StoredEvent, ViewItem } from './event-model.ts';
import { renderDateTime, renderStoredEvent, renderViewItem } from './render-event.ts';
import type { ResolvedZone, ZoneCalculator } from './time-zones.ts';
import type { DeltaItem, DeltaPageRequest, DeltaPageResult, DeltaTokenInfo, GraphEvent } from './types.ts';

/** What the delta engine needs from the store. */
export interface DeltaSource {
  /** Items visible in the window now (ViewItems reference immutable event snapshots). */
  visibleItems(mailboxId: string, startMs: number, endMs: number): ViewItem[];
  /** Position in the mailbox change log now. */
  logPosition(mailboxId: string): number;
  /** Ids touched by changes after `position`. */
  changedIdsSince(mailboxId: string, position: number): Iterable<string>;
  /** The immutable form of an id (Prefer: IdType="ImmutableId"). */
  toImmutableId(mailboxId: string, id: string): string;
}

/** `group` = the series an entry belongs to: a page never splits a series (field report §3). */
type RoundEntry = ({ removedId: string } | { item: ViewItem } | { master: StoredEvent }) & {
  group?: string | undefined;
};

/** What a round saw of one id: its fingerprint, and the master when it is a series member. */
interface SnapshotEntry {
  fingerprint: string;
  masterId: string | undefined;
}

interface RoundOptions {
  seriesMasters: boolean;
  seriesOnOnePage: boolean;
  strictSeriesRemovals: boolean;
}

interface SyncState {
  id: number;
  appId: string;
  mailboxId: string;
  startMs: number;
  endMs: number;
  snapshot: Map<string, SnapshotEntry>;
  logPosition: number;
  /** The frozen round result; dropped once a newer generation exists (stale nextLinks then get 410). */
  round: RoundEntry[] | undefined;
}

interface TokenBody {
  a: string;
  m: string;
  s: number;
  e: number;
  g: number;
  o: number;
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(token: string): TokenBody | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const body = parsed as Partial<TokenBody>;
    const numbers = [body.s, body.e, body.g, body.o].every(
      (n) => typeof n === 'number' && Number.isFinite(n),
    );
    if (typeof body.a !== 'string' || typeof body.m !== 'string' || !numbers) return undefined;
    return body as TokenBody;
  } catch {
    return undefined;
  }
}

function roundOptions(req: DeltaPageRequest): RoundOptions {
  return {
    seriesMasters: req.seriesMasters ?? false,
    seriesOnOnePage: req.seriesOnOnePage ?? false,
    strictSeriesRemovals: req.strictSeriesRemovals ?? true,
  };
}

/**
 * What makes a master come again in delta: its own changes, and its exceptions and cancelled
 * occurrences (deleting one occurrence changes only the master, field report §3).
 */
function masterFingerprint(master: StoredEvent): string {
  const series = master.series;
  if (series === undefined) return master.changeKey;
  const exceptions = [...series.exceptions.values()].map((e) => e.changeKey).join(',');
  return `${master.changeKey}|${[...series.cancelled].join(',')}|${exceptions}`;
}

/** Entries of one series next to each other, in the place of the series' first entry. */
function groupSeries(round: RoundEntry[]): RoundEntry[] {
  const groups = new Map<string, RoundEntry[]>();
  const ordered: RoundEntry[][] = [];
  for (const entry of round) {
    if (entry.group === undefined) {
      ordered.push([entry]);
      continue;
    }
    let group = groups.get(entry.group);
    if (group === undefined) {
      group = [];
      groups.set(entry.group, group);
      ordered.push(group);
    }
    group.push(entry);
  }
  return ordered.flat();
}

/** Round position meaning "this token is a deltaToken: start the next round from this state". */
const DELTA_POSITION = -1;

/** Sync states of calendarView/delta: snapshots per generation, frozen rounds, generation eviction. */
export class DeltaStates {
  readonly #states = new Map<number, SyncState>();
  readonly #generations = new Map<string, number[]>();
  #nextStateId = 1;

  constructor(
    private readonly zones: ZoneCalculator,
    private readonly source: DeltaSource,
    private readonly keep: number,
  ) {}

  /** Serves one delta page (see CalendarStore.deltaPage). */
  page(req: DeltaPageRequest, outputZone: ResolvedZone): DeltaPageResult {
    if (req.token === undefined) {
      if (req.startUtc === undefined || req.endUtc === undefined) return { ok: false, error: 'InvalidToken' };
      const state = this.#startRound(
        req.appId,
        req.mailboxId,
        req.startUtc.getTime(),
        req.endUtc.getTime(),
        undefined,
        roundOptions(req),
      );
      return this.#serve(state, 0, req.pageSize, outputZone, req.immutableIds ?? false);
    }
    const body = decodeToken(req.token);
    if (body === undefined || body.a !== req.appId || body.m !== req.mailboxId)
      return { ok: false, error: 'InvalidToken' };
    if (req.startUtc !== undefined && req.startUtc.getTime() !== body.s)
      return { ok: false, error: 'InvalidToken' };
    if (req.endUtc !== undefined && req.endUtc.getTime() !== body.e)
      return { ok: false, error: 'InvalidToken' };
    const state = this.#states.get(body.g);
    if (state === undefined || state.appId !== body.a || state.mailboxId !== body.m) {
      return { ok: false, error: 'SyncStateNotFound' };
    }
    if (body.o === DELTA_POSITION) {
      const next = this.#startRound(
        state.appId,
        state.mailboxId,
        state.startMs,
        state.endMs,
        state,
        roundOptions(req),
      );
      return this.#serve(next, 0, req.pageSize, outputZone, req.immutableIds ?? false);
    }
    if (state.round === undefined) return { ok: false, error: 'SyncStateNotFound' };
    return this.#serve(state, body.o, req.pageSize, outputZone, req.immutableIds ?? false);
  }

  /** Owner and window encoded in a token. */
  inspect(token: string): DeltaTokenInfo | undefined {
    const body = decodeToken(token);
    if (body === undefined) return undefined;
    return { appId: body.a, mailboxId: body.m, startUtc: new Date(body.s), endUtc: new Date(body.e) };
  }

  /** Forgets every sync state of a mailbox. */
  dropMailbox(mailboxId: string): void {
    for (const [key, ids] of this.#generations) {
      if (!key.startsWith(`${mailboxId}|`)) continue;
      for (const id of ids) this.#states.delete(id);
      this.#generations.delete(key);
    }
  }

  #startRound(
    appId: string,
    mailboxId: string,
    startMs: number,
    endMs: number,
    base: SyncState | undefined,
    options: RoundOptions,
  ): SyncState {
    const visible = this.source.visibleItems(mailboxId, startMs, endMs);
    const snapshot = new Map<string, SnapshotEntry>();
    const masters = new Map<string, StoredEvent>();
    for (const item of visible) {
      const masterId = item.type === 'singleInstance' ? undefined : item.event.id;
      snapshot.set(item.id, { fingerprint: item.fingerprint, masterId });
      if (masterId !== undefined && options.seriesMasters) masters.set(masterId, item.event);
    }
    for (const master of masters.values())
      snapshot.set(master.id, { fingerprint: masterFingerprint(master), masterId: undefined });
    const round: RoundEntry[] = [];
    if (base !== undefined) {
      const removed = new Set<string>();
      for (const [id, entry] of base.snapshot) {
        if (snapshot.has(id)) continue;
        // Field: vanished occurrences of an edited (or deleted) series never come as @removed.
        if (entry.masterId !== undefined && !options.strictSeriesRemovals) continue;
        removed.add(id);
      }
      // Changes to events outside the window are reported as @removed too (graph-spec §3.4).
      for (const id of this.source.changedIdsSince(mailboxId, base.logPosition)) {
        const occurrence = parseOccurrenceId(id) !== undefined;
        if (occurrence && !options.strictSeriesRemovals) continue;
        if (!snapshot.has(id) && !base.snapshot.has(id)) removed.add(id);
      }
      for (const id of removed) round.push({ removedId: id });
    }
    const emittedMasters = new Set<string>();
    for (const item of visible) {
      const masterId = snapshot.get(item.id)?.masterId;
      const master = masterId === undefined ? undefined : masters.get(masterId);
      if (master !== undefined && !emittedMasters.has(master.id)) {
        emittedMasters.add(master.id);
        if (base?.snapshot.get(master.id)?.fingerprint !== masterFingerprint(master))
          round.push({ master, group: options.seriesOnOnePage ? master.id : undefined });
      }
      if (base?.snapshot.get(item.id)?.fingerprint !== item.fingerprint)
        round.push({ item, group: options.seriesOnOnePage ? masterId : undefined });
    }
    const state: SyncState = {
      id: this.#nextStateId++,
      appId,
      mailboxId,
      startMs,
      endMs,
      snapshot,
      logPosition: this.source.logPosition(mailboxId),
      round: options.seriesOnOnePage ? groupSeries(round) : round,
    };
    this.#remember(state);
    return state;
  }

  #remember(state: SyncState): void {
    const key = `${state.mailboxId}|${state.appId}|${state.startMs}|${state.endMs}`;
    const ids = this.#generations.get(key) ?? [];
    const previous = this.#states.get(ids[ids.length - 1] ?? 0);
    if (previous !== undefined) previous.round = undefined;
    ids.push(state.id);
    this.#states.set(state.id, state);
    while (ids.length > this.keep) {
      const evicted = ids.shift();
      if (evicted !== undefined) this.#states.delete(evicted);
    }
    this.#generations.set(key, ids);
  }

  #serve(
    state: SyncState,
    offset: number,
    pageSize: number,
    outputZone: ResolvedZone,
    immutableIds: boolean,
  ): DeltaPageResult {
    const round = state.round ?? [];
    let end = Math.min(round.length, offset + Math.max(1, Math.floor(pageSize)));
    // A series stays on one page, whatever maxpagesize says (graph-spec §3.5, field report §3).
    while (
      end < round.length &&
      round[end]?.group !== undefined &&
      round[end]?.group === round[end - 1]?.group
    )
      end += 1;
    const rendered = round.slice(offset, end).map((entry) => this.#renderEntry(entry, outputZone));
    const items = immutableIds ? this.#asImmutable(state, rendered) : rendered;
    const token: TokenBody = {
      a: state.appId,
      m: state.mailboxId,
      s: state.startMs,
      e: state.endMs,
      g: state.id,
      o: 0,
    };
    if (end < round.length)
      return { ok: true, items, round: state.id, nextToken: encodeToken({ ...token, o: end }) };
    return { ok: true, items, round: state.id, deltaToken: encodeToken({ ...token, o: DELTA_POSITION }) };
  }

  /**
   * Ids in their immutable form. An item moved out of the calendar and back keeps its immutable id, so its
   * regular-id removal is not a removal at all: it is dropped (the item itself comes as an update).
   */
  #asImmutable(state: SyncState, items: DeltaItem[]): DeltaItem[] {
    const immutable = (id: string): string => this.source.toImmutableId(state.mailboxId, id);
    const present = new Set<string>();
    for (const entry of state.round ?? [])
      if (!('removedId' in entry))
        present.add(immutable('master' in entry ? entry.master.id : entry.item.id));
    const out: DeltaItem[] = [];
    for (const item of items) {
      const id = immutable(item.id);
      if ('@removed' in item) {
        if (!present.has(id)) out.push({ ...item, id });
        continue;
      }
      const master = (item as Record<string, unknown>)['seriesMasterId'];
      out.push(
        typeof master === 'string' ? { ...item, id, seriesMasterId: immutable(master) } : { ...item, id },
      );
    }
    return out;
  }

  #renderEntry(entry: RoundEntry, outputZone: ResolvedZone): DeltaItem {
    if ('removedId' in entry) {
      return {
        '@odata.type': '#microsoft.graph.event',
        id: entry.removedId,
        '@removed': { reason: 'deleted' },
      };
    }
    if ('master' in entry) {
      return {
        '@odata.type': '#microsoft.graph.event',
        ...renderStoredEvent(this.zones, entry.master, outputZone),
      };
    }
    const { item } = entry;
    if (item.type === 'occurrence') return this.#renderStripped(item, outputZone);
    return { '@odata.type': '#microsoft.graph.event', ...renderViewItem(this.zones, item, outputZone) };
  }

  /** Delta returns plain occurrences as stubs (observed: microsoft-graph-docs#7632, #22197, #1716). */
  #renderStripped(item: ViewItem, outputZone: ResolvedZone): GraphEvent {
    const timing: EventTiming = item.timing;
    return {
      '@odata.type': '#microsoft.graph.event',
      '@odata.etag': `W/"${item.event.changeKey}"`,
      id: item.id,
      seriesMasterId: item.event.id,
      type: 'occurrence',
      start: renderDateTime(this.zones, timing.startUtc, timing.startZone, outputZone, timing.isAllDay),
      end: renderDateTime(this.zones, timing.endUtc, timing.startZone, outputZone, timing.isAllDay),
    };
  }
}
