import { and, eq, sql } from 'drizzle-orm';
import { seriesMasters, withTenant, type Database } from '../db/index.ts';
import { classifyGraphError, graphEventSchema, type GraphEventDto } from '../graph/index.ts';
import type { GraphCaller } from './graph-caller.ts';

const MASTER_FETCH_CONCURRENCY = 3;

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
 * Series masters for stripped occurrences (graph-spec §3.4: delta sends only
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
    const rows = await withTenant(options.db, options.tenantId, (tx) =>
      tx
        .select({
          graphId: seriesMasters.graphId,
          changeKey: seriesMasters.changeKey,
          data: seriesMasters.data,
        })
        .from(seriesMasters)
        .where(
          and(
            eq(seriesMasters.tenantId, options.tenantId),
            eq(seriesMasters.mailboxId, options.mailboxId),
            sql`${seriesMasters.graphId} = any(${sql.param(ids)}::text[])`,
          ),
        ),
    );
    return new Map(rows.map((r) => [r.graphId, { changeKey: r.changeKey, data: r.data }]));
  }

  async function fetchMaster(id: string): Promise<GraphEventDto | null> {
    let body: unknown;
    try {
      const res = await options.caller.get<unknown>(`${options.userPath}/events/${encodeURIComponent(id)}`, {
        Prefer: 'outlook.timezone="UTC"',
      });
      body = res.body;
    } catch (err) {
      const failure = classifyGraphError(err);
      if (failure.kind === 'unknown' && /itemnotfound/i.test(failure.code)) return null;
      throw err;
    }
    const parsed = graphEventSchema.safeParse(body);
    return parsed.success ? parsed.data : null;
  }

  /** One statement for all masters fetched for a page (not one transaction each). */
  async function storeMasters(masters: GraphEventDto[]): Promise<void> {
    if (masters.length === 0) return;
    const fetchedAt = new Date();
    await withTenant(options.db, options.tenantId, (tx) =>
      tx
        .insert(seriesMasters)
        .values(
          masters.map((m) => ({
            tenantId: options.tenantId,
            mailboxId: options.mailboxId,
            graphId: m.id,
            changeKey: changeKeyOf(m),
            data: m,
            fetchedAt,
          })),
        )
        .onConflictDoUpdate({
          target: [seriesMasters.tenantId, seriesMasters.mailboxId, seriesMasters.graphId],
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
      const parsed = cached ? graphEventSchema.safeParse(cached.data) : undefined;
      if (cached && parsed?.success && occurrenceKey !== null && cached.changeKey === occurrenceKey)
        result.set(id, parsed.data);
      else toFetch.push(id);
    }
    // Outlook allows 4 concurrent requests per app+mailbox; the delta stream is idle meanwhile, so 3 is safe.
    const fetched: GraphEventDto[] = [];
    for (let i = 0; i < toFetch.length; i += MASTER_FETCH_CONCURRENCY) {
      const batch = toFetch.slice(i, i + MASTER_FETCH_CONCURRENCY);
      const masters = await Promise.all(batch.map(fetchMaster));
      batch.forEach((id, j) => {
        const master = masters[j] ?? null;
        fetchedThisRun.set(id, master);
        result.set(id, master);
        // Keyed by the id asked for: Graph answers with the same id, but the cache must match the lookup.
        if (master) fetched.push({ ...master, id });
      });
    }
    await storeMasters(fetched);
    return result;
  }

  return { resolveForPage };
}

export type MasterResolver = ReturnType<typeof createMasterResolver>;
