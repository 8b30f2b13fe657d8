import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { executePrepared, syncRuns, withTenant, type Database, type SyncRunRow } from '../db/index.ts';
import type { CachedSeriesMaster } from '../providers/sync-source.ts';
import type { SourceEvent } from './source-event.ts';
import { cacheSeriesMasters } from './series-master-cache.ts';
import { FIRST_GENERATION } from './first-round-claim.ts';
import { eventUpsertStatement } from './event-upsert.ts';
import type { RunStats } from './run-stats.ts';

/** A claimed mailbox whose whole first round is one page, read and collapsed. */
export interface FirstRoundPage {
  mailboxId: string;
  runId: string;
  /** The cursor the round ends with (the next incremental round starts there). */
  cursor: string;
  /** The zone read from the mailbox's settings, or null when it could not be read. */
  settingsTimeZone: string | null;
  upserts: readonly SourceEvent[];
  /** Series masters the page delivered, cached with it. */
  seriesMasters: readonly CachedSeriesMaster[];
  /** The run's counters so far (requests); pages and upserted are added here. */
  stats: RunStats;
}

export interface FirstRoundsWritten {
  /** Mailboxes whose page and run end committed, each with its written events' public ids. */
  written: Map<string, string[]>;
  /** The closed runs, for the sync-run feed. */
  runs: SyncRunRow[];
}

/**
 * Commits the one-page first rounds of several mailboxes in one transaction: each mailbox's cursor,
 * zone and status (OK), all their events in one upsert, and their runs closed (SUCCEEDED). Per
 * mailbox it is what a page transaction and the run's closing statement write (apply-page.ts,
 * sync-runs.ts), in four statements for the whole batch (cursors, events, cached series masters,
 * runs) instead of five round trips per mailbox.
 * A mailbox whose state moved since its claim (a reset, another job) writes nothing and is left
 * out of `written`: its caller takes it through the ordinary path.
 */
export async function writeFirstRounds(
  db: Database,
  tenantId: string,
  sourceIdType: string | undefined,
  pages: readonly FirstRoundPage[],
): Promise<FirstRoundsWritten> {
  if (pages.length === 0) return { written: new Map(), runs: [] };
  const now = new Date();
  const p = sql.param;
  return withTenant(db, tenantId, async (tx) => {
    const advanced = await tx.execute<{ id: string }>(sql`
      update mailboxes m set cursor = u.cursor, resume_cursor = null, resume_kind = null,
        source_id_type = coalesce(${sourceIdType ?? null}::text, m.source_id_type),
        settings_time_zone = coalesce(u.zone, m.settings_time_zone),
        sync_status = 'OK', last_synced_at = ${now}::timestamptz, last_error = null, last_error_code = null,
        last_error_kind = null, updated_at = ${now}::timestamptz
      from unnest(${p(pages.map((pg) => pg.mailboxId))}::uuid[], ${p(pages.map((pg) => pg.cursor))}::text[],
        ${p(pages.map((pg) => pg.settingsTimeZone))}::text[]) as u(id, cursor, zone)
      where m.tenant_id = ${tenantId}::uuid and m.id = u.id and m.generation = ${FIRST_GENERATION}
        and m.resume_cursor is null and m.cursor is null
      returning m.id`);
    const ready = new Set(advanced.rows.map((r) => r.id));
    const kept = pages.filter((page) => ready.has(page.mailboxId));
    const written = new Map<string, string[]>(kept.map((page) => [page.mailboxId, []]));
    const rows = kept.flatMap((page) => page.upserts);
    if (rows.length > 0) {
      const upserted = await executePrepared<{ id: string; mailbox_id: string }>(
        tx,
        'first_rounds_upsert',
        eventUpsertStatement(
          tenantId,
          FIRST_GENERATION,
          { mailboxIds: kept.flatMap((page) => page.upserts.map(() => page.mailboxId)) },
          rows,
        ),
      );
      for (const row of upserted.rows) written.get(row.mailbox_id)?.push(row.id);
    }
    await cacheSeriesMasters(
      tx,
      tenantId,
      kept.flatMap((page) => page.seriesMasters.map((m) => ({ ...m, mailboxId: page.mailboxId }))),
    );
    for (const page of kept) {
      page.stats.pages += 1;
      page.stats.upserted += written.get(page.mailboxId)?.length ?? 0;
    }
    const runs = kept.length === 0 ? [] : await closeRuns(tx, tenantId, kept, now);
    return { written, runs };
  });
}

type Tx = Parameters<Parameters<typeof withTenant>[2]>[0];

/** Closes the batch's runs as SUCCEEDED with their counters, in one statement. */
function closeRuns(tx: Tx, tenantId: string, pages: readonly FirstRoundPage[], now: Date) {
  const p = sql.param;
  const column = (pick: (stats: RunStats) => number) => p(pages.map((page) => pick(page.stats)));
  return (
    tx
      .update(syncRuns)
      .set({
        status: 'SUCCEEDED',
        kind: 'FULL',
        finishedAt: now,
        pages: sql`u.n_pages`,
        upserted: sql`u.n_upserted`,
        deleted: 0,
        graphRequests: sql`u.n_requests`,
        throttled: sql`u.n_throttled`,
        errorCode: null,
        errorMessage: null,
      })
      .from(
        sql`unnest(${p(pages.map((page) => page.runId))}::uuid[], ${column((s) => s.pages)}::int[],
        ${column((s) => s.upserted)}::int[], ${column((s) => s.graphRequests)}::int[],
        ${column((s) => s.throttled)}::int[]) as u(run_id, n_pages, n_upserted, n_requests, n_throttled)`,
      )
      .where(and(eq(syncRuns.tenantId, tenantId), sql`${syncRuns.id} = u.run_id`))
      // RETURNING names columns unqualified: the unnest's own are named apart from sync_runs'.
      .returning(getTableColumns(syncRuns))
  );
}
