import { and, eq, sql } from 'drizzle-orm';
import { readAsTenant, seriesMasters, writeAsTenant, type Database } from '../../../db/index.ts';
import { batchGet, type BatchGetResult } from '../graph/graph-batch.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import { readGraphEvent, type GraphEventDto } from '../events/event-dto.ts';
import type { GraphCaller } from './graph-caller.ts';
import type { CachedSeriesMaster } from '../../sync-source.ts';

/** Fallback GETs for items a batch did not answer; Outlook allows 4 concurrent requests per app+mailbox. */
const MASTER_FETCH_CONCURRENCY = 3;
const MASTER_PREFER = { Prefer: 'outlook.timezone="UTC"' };

export interface MasterResolverOptions {
  db: Database;
  caller: GraphCaller;
  tenantId: string;
  mailboxId: string;
  /** `/users/{address}` of the mailbox, URL-encoded. */
  userPath: string;
}

/** Graph's changeKey, or the same value carried in the weak etag `W/"<changeKey>"`. */
export function changeKeyOf(event: GraphEventDto): string | null {
  if (event.changeKey) return event.changeKey;
  const etag = event['@odata.etag'];
  if (!etag) return null;
  return /^W\/"(.*)"$/.exec(etag)?.[1] ?? etag;
}

/**
 * Series masters for stripped occurrences (docs/microsoft-graph.md §3.4: delta sends only
 * id/type/seriesMasterId/start/end). Each master is fetched at most once per
 * run and kept in `series_masters`; a later run reuses the stored copy while
 * the occurrence's change key still matches it, and refetches when it does not
 * (the series was edited). Null means the master is gone (deleted meanwhile):
 * its occurrences are skipped, never stored untitled.
 */
export function createMasterResolver(options: MasterResolverOptions) {
  const fetchedThisRun = new Map<string, GraphEventDto | null>();

  async function loadStored(
    ids: string[],
  ): Promise<Map<string, { changeKey: string | null; data: unknown }>> {
    if (ids.length === 0) return new Map();
    const rows = await readAsTenant(options.db, options.tenantId, (tx) =>
      tx
        .select({
          sourceId: seriesMasters.sourceId,
          changeKey: seriesMasters.changeKey,
          data: seriesMasters.data,
        })
        .from(seriesMasters)
        .where(
          and(
            eq(seriesMasters.tenantId, options.tenantId),
            eq(seriesMasters.mailboxId, options.mailboxId),
            sql`${seriesMasters.sourceId} = any(${sql.param(ids)}::text[])`,
          ),
        ),
    );
    return new Map(rows.map((r) => [r.sourceId, { changeKey: r.changeKey, data: r.data }]));
  }

  const masterPath = (id: string): string => `${options.userPath}/events/${encodeURIComponent(id)}`;

  async function fetchMaster(id: string): Promise<GraphEventDto | null> {
    let body: unknown;
    try {
      body = (await options.caller.get<unknown>(masterPath(id), MASTER_PREFER)).body;
    } catch (err) {
      if (isItemNotFound(err)) return null;
      throw err;
    }
    return readGraphEvent(body);
  }

  /**
   * Masters via `$batch`, 20 per request and one batch at a time: Outlook already runs 4 items of
   * a batch in parallel (docs/microsoft-graph.md §6.1), so a second batch in flight would exceed the mailbox's
   * 4 concurrent requests. Items that failed inside the batch get a plain GET through the caller,
   * which classifies them as before; throttled ones first record their Retry-After (the longest
   * one) so that GET waits it out, or the job is delayed.
   */
  async function fetchMasters(ids: readonly string[]): Promise<Array<GraphEventDto | null>> {
    const results = await batchGet<unknown>(options.caller, ids.map(masterPath), { headers: MASTER_PREFER });
    const masters: Array<GraphEventDto | null> = [];
    const retry: number[] = [];
    let longestRetryAfter: { ms: number; code: string } | undefined;
    results.forEach((result: BatchGetResult<unknown>, i) => {
      masters.push(null);
      if (result.ok) {
        masters[i] = readGraphEvent(result.body);
        return;
      }
      if (isItemNotFound(result.error)) return;
      const failure = classifyMicrosoftFailure(result.error);
      if (failure.kind === 'throttled' && failure.retryAfterMs > (longestRetryAfter?.ms ?? -1))
        longestRetryAfter = { ms: failure.retryAfterMs, code: failure.code };
      retry.push(i);
    });
    if (longestRetryAfter)
      await options.caller.recordThrottledItem(longestRetryAfter.ms, longestRetryAfter.code);
    for (let k = 0; k < retry.length; k += MASTER_FETCH_CONCURRENCY) {
      const group = retry.slice(k, k + MASTER_FETCH_CONCURRENCY);
      const fetched = await Promise.all(group.map((i) => fetchMaster(ids[i]!)));
      group.forEach((i, j) => (masters[i] = fetched[j] ?? null));
    }
    return masters;
  }

  /** One statement for all masters fetched for a page (not one transaction each). */
  async function storeMasters(masters: GraphEventDto[]): Promise<void> {
    if (masters.length === 0) return;
    const fetchedAt = new Date();
    await writeAsTenant(options.db, options.tenantId, (tx) =>
      tx
        .insert(seriesMasters)
        .values(
          masters.map((m) => ({
            tenantId: options.tenantId,
            mailboxId: options.mailboxId,
            sourceId: m.id,
            changeKey: changeKeyOf(m),
            data: m,
            fetchedAt,
          })),
        )
        .onConflictDoUpdate({
          target: [seriesMasters.tenantId, seriesMasters.mailboxId, seriesMasters.sourceId],
          set: {
            changeKey: sql`excluded.change_key`,
            data: sql`excluded.data`,
            fetchedAt: sql`excluded.fetched_at`,
          },
        }),
    );
  }

  /** Masters for the stripped occurrences of one page, keyed by master id. */
  async function resolveForPage(
    occurrences: readonly GraphEventDto[],
  ): Promise<Map<string, GraphEventDto | null>> {
    const result = new Map<string, GraphEventDto | null>();
    const wanted = new Map<string, string | null>();
    for (const occ of occurrences) {
      const id = occ.seriesMasterId;
      if (!id) continue;
      if (fetchedThisRun.has(id)) result.set(id, fetchedThisRun.get(id) ?? null);
      else if (!wanted.has(id)) wanted.set(id, changeKeyOf(occ));
    }
    const stored = await loadStored([...wanted.keys()]);
    const toFetch: string[] = [];
    for (const [id, occurrenceKey] of wanted) {
      const cached = stored.get(id);
      const parsed = cached ? readGraphEvent(cached.data) : null;
      if (cached && parsed && occurrenceKey !== null && cached.changeKey === occurrenceKey)
        result.set(id, parsed);
      else toFetch.push(id);
    }
    const fetched: GraphEventDto[] = [];
    const masters = toFetch.length > 0 ? await fetchMasters(toFetch) : [];
    toFetch.forEach((id, j) => {
      const master = masters[j] ?? null;
      fetchedThisRun.set(id, master);
      result.set(id, master);
      // Keyed by the id asked for: Graph answers with the same id, but the cache must match the lookup.
      if (master) fetched.push({ ...master, id });
    });
    await storeMasters(fetched);
    return result;
  }

  /**
   * Masters delivered in a delta page (docs/microsoft-graph.md §9.3): kept for this run's stripped
   * occurrences instead of being fetched again. They are stored with their page (`deliveredRows`, in
   * the page's transaction), so the cache never gets ahead of the rows (the engine may already be reading the
   * next page while this one is written).
   */
  function acceptDelivered(delivered: readonly GraphEventDto[]): void {
    for (const master of delivered) fetchedThisRun.set(master.id, master);
  }

  /** The masters one page delivered, as the engine stores them with the page (the last delivery of an id wins). */
  function deliveredRows(delivered: readonly GraphEventDto[]): CachedSeriesMaster[] {
    return [...new Map(delivered.map((m) => [m.id, m])).values()].map((m) => ({
      sourceId: m.id,
      changeKey: changeKeyOf(m),
      data: m,
    }));
  }

  return { resolveForPage, acceptDelivered, deliveredRows };
}

/** The master is gone (deleted meanwhile): Graph answers ErrorItemNotFound. */
function isItemNotFound(err: unknown): boolean {
  return classifyMicrosoftFailure(err).kind === 'item-missing';
}

export type MasterResolver = ReturnType<typeof createMasterResolver>;
