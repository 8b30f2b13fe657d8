import type { EventTiming, ViewItem } from './event-model.ts';
import { renderDateTime, renderViewItem } from './render-event.ts';
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
}

type RoundEntry = { removedId: string } | { item: ViewItem };

interface SyncState {
  id: number;
  appId: string;
  mailboxId: string;
  startMs: number;
  endMs: number;
  snapshot: Map<string, string>;
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
      );
      return this.#serve(state, 0, req.pageSize, outputZone);
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
      const next = this.#startRound(state.appId, state.mailboxId, state.startMs, state.endMs, state);
      return this.#serve(next, 0, req.pageSize, outputZone);
    }
    if (state.round === undefined) return { ok: false, error: 'SyncStateNotFound' };
    return this.#serve(state, body.o, req.pageSize, outputZone);
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
  ): SyncState {
    const visible = this.source.visibleItems(mailboxId, startMs, endMs);
    const snapshot = new Map<string, string>();
    for (const item of visible) snapshot.set(item.id, item.fingerprint);
    const round: RoundEntry[] = [];
    if (base !== undefined) {
      const removed = new Set<string>();
      for (const id of base.snapshot.keys()) if (!snapshot.has(id)) removed.add(id);
      // Changes to events outside the window are reported as @removed too (docs/microsoft-graph.md §3.4).
      for (const id of this.source.changedIdsSince(mailboxId, base.logPosition)) {
        if (!snapshot.has(id) && !base.snapshot.has(id)) removed.add(id);
      }
      for (const id of removed) round.push({ removedId: id });
    }
    for (const item of visible) {
      if (base?.snapshot.get(item.id) !== item.fingerprint) round.push({ item });
    }
    const state: SyncState = {
      id: this.#nextStateId++,
      appId,
      mailboxId,
      startMs,
      endMs,
      snapshot,
      logPosition: this.source.logPosition(mailboxId),
      round,
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

  #serve(state: SyncState, offset: number, pageSize: number, outputZone: ResolvedZone): DeltaPageResult {
    const round = state.round ?? [];
    const size = Math.max(1, Math.floor(pageSize));
    const slice = round.slice(offset, offset + size);
    const items = slice.map((entry) => this.#renderEntry(entry, outputZone));
    const token: TokenBody = {
      a: state.appId,
      m: state.mailboxId,
      s: state.startMs,
      e: state.endMs,
      g: state.id,
      o: 0,
    };
    if (offset + size < round.length)
      return { ok: true, items, round: state.id, nextToken: encodeToken({ ...token, o: offset + size }) };
    return { ok: true, items, round: state.id, deltaToken: encodeToken({ ...token, o: DELTA_POSITION }) };
  }

  #renderEntry(entry: RoundEntry, outputZone: ResolvedZone): DeltaItem {
    if ('removedId' in entry) {
      return {
        '@odata.type': '#microsoft.graph.event',
        id: entry.removedId,
        '@removed': { reason: 'deleted' },
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
