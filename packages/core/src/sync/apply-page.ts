import { sql } from 'drizzle-orm';
import { executePrepared, withTenant, type Database, type Tx } from '../db/index.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';
import type { CachedSeriesMaster } from '../providers/sync-source.ts';
import { eventUpsertStatement } from './event-upsert.ts';
import { cacheSeriesMasters } from './series-master-cache.ts';
import type { PageChanges } from './page-changes.ts';
import { cursorStillExpected } from './mailbox-state.ts';
import { rekeyEvents } from './rekey-events.ts';
import { sweepOlderGenerations } from './sweep.ts';

/** The cursor a page was fetched under; the page commits only if the mailbox still has it. */
export interface ExpectedCursor {
  generation: number;
  resumeCursor: string | null;
  cursor: string | null;
}

export type PageEnd =
  /** More pages follow: store the next page's cursor so a crashed job resumes from there. */
  | { kind: 'next'; resumeCursor: string; roundKind: SyncRunKind }
  /** Last page: store the cursor; a full round also sweeps older generations. */
  | { kind: 'final'; cursor: string; sweep: boolean; sourceIdType?: string | undefined };

export interface ApplyPageInput {
  tenantId: string;
  mailboxId: string;
  expected: ExpectedCursor;
  changes: PageChanges;
  end: PageEnd;
  /** Re-key older rows to this page's ids by iCalUId first (a switch of id type, sync/rekey-events.ts). */
  rekey?: boolean | undefined;
  /** Series masters the page delivered, cached with it (sync/series-master-cache.ts). */
  seriesMasters?: readonly CachedSeriesMaster[] | undefined;
}

export interface AppliedPage {
  /** Public ids of rows inserted or changed. */
  upserted: string[];
  /** Public ids of rows deleted (removals and sweep). */
  deleted: string[];
}

/**
 * Another job, or a `full: true` request, moved the mailbox's cursor while this
 * page was in flight: nothing of the page was written; reload and start over.
 */
export class CursorMovedError extends Error {
  override readonly name = 'CursorMovedError';
}

/**
 * Applies one delta page in one transaction: cursor check-and-advance first
 * (it also locks the mailbox row, serialising concurrent writers), then one
 * batch upsert, one delete (removals and vanished occurrences), and on a full
 * round's last page the sweep. So
 * the stored link never gets ahead of the data it stands for.
 */
export async function applyPage(db: Database, input: ApplyPageInput): Promise<AppliedPage> {
  return withTenant(db, input.tenantId, async (tx) => {
    await advanceCursor(tx, input);
    if (input.rekey)
      await rekeyEvents(tx, input.tenantId, input.mailboxId, input.expected.generation, input.changes);
    const upserted = await upsertEvents(tx, input);
    await cacheSeriesMasters(
      tx,
      input.tenantId,
      (input.seriesMasters ?? []).map((m) => ({ ...m, mailboxId: input.mailboxId })),
    );
    const deleted = await removeEvents(tx, input);
    if (input.end.kind === 'final' && input.end.sweep) {
      deleted.push(
        ...(await sweepOlderGenerations(tx, input.tenantId, input.mailboxId, input.expected.generation)),
      );
    }
    return { upserted, deleted };
  });
}

async function advanceCursor(tx: Tx, input: ApplyPageInput): Promise<void> {
  const { expected, end } = input;
  const set =
    end.kind === 'next'
      ? sql`resume_cursor = ${end.resumeCursor}, resume_kind = ${end.roundKind}`
      : end.sourceIdType === undefined
        ? sql`resume_cursor = null, resume_kind = null, cursor = ${end.cursor}`
        : sql`resume_cursor = null, resume_kind = null, cursor = ${end.cursor}, source_id_type = ${end.sourceIdType}`;
  const result = await tx.execute(sql`
    update mailboxes set ${set}, updated_at = now()
    where tenant_id = ${input.tenantId} and id = ${input.mailboxId}
      and ${cursorStillExpected(expected)}`);
  if (result.rowCount !== 1) throw new CursorMovedError('the mailbox sync cursor moved; page not applied');
}

async function upsertEvents(tx: Tx, input: ApplyPageInput): Promise<string[]> {
  if (input.changes.upserts.length === 0) return [];
  // A named prepared statement: its planning cost ≈ 0.7 ms per page, most of a small page's upsert.
  // (The sweep and re-keying stay unnamed: the generic plans Postgres switches to after five runs
  // read every event of the tenant there, measured 20-50x slower by bench/page-upsert.ts.)
  const result = await executePrepared<{ id: string }>(
    tx,
    'page_upsert',
    eventUpsertStatement(
      input.tenantId,
      input.expected.generation,
      { mailboxId: input.mailboxId },
      input.changes.upserts,
    ),
  );
  return result.rows.map((r) => r.id);
}

/**
 * One statement for everything a page deletes, so a page with many re-read series costs one round
 * trip, not one per series: the change log's per-tenant head row is locked from the page's first
 * logged write until commit, and every round trip in between holds the tenant's other writers up.
 * - a removed id may be a series master: its occurrences go with it (a removal carries no type);
 * - occurrences a re-read series no longer has: Graph's delta does not reliably report them removed.
 *   Each series' keep list is sent flattened as (master, source id) pairs, so an empty list works.
 */
async function removeEvents(tx: Tx, input: ApplyPageInput): Promise<string[]> {
  const { removals, seriesReplacements } = input.changes;
  if (removals.length === 0 && seriesReplacements.length === 0) return [];
  const p = sql.param;
  const keepMasters = seriesReplacements.flatMap((r) => r.keep.map(() => r.seriesMasterId));
  const keepSources = seriesReplacements.flatMap((r) => r.keep);
  const result = await tx.execute<{ id: string }>(sql`
    delete from events e
    where e.tenant_id = ${input.tenantId} and e.mailbox_id = ${input.mailboxId}
      and (e.source_id = any(${p(removals)}::text[])
        or e.series_master_id = any(${p(removals)}::text[])
        or (e.series_master_id = any(${p(seriesReplacements.map((r) => r.seriesMasterId))}::text[])
          and not exists (
            select 1 from unnest(${p(keepMasters)}::text[], ${p(keepSources)}::text[]) as k(master_id, source_id)
            where k.master_id = e.series_master_id and k.source_id = e.source_id)))
    returning e.id`);
  return result.rows.map((r) => r.id);
}
