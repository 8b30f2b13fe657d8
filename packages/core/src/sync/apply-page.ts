import { sql } from 'drizzle-orm';
import { executePrepared, withTenant, type Database, type Tx } from '../db/index.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';
import { effectiveTimeZoneSql } from '../calendar/mailbox-time-zone.ts';
import { toEventArrayLiterals } from './event-array-literals.ts';
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
  // Each column as pg's array-literal text, built in one pass (event-array-literals.ts): same bytes, less CPU.
  const c = toEventArrayLiterals(input.changes.upserts);
  const p = sql.param;
  // A source delivers an all-day event as its dates' UTC midnights (sync/source-event.ts); it is
  // stored as those dates and placed on the time line in the mailbox's zone.
  // Most events have no categories: their empty list skips the per-row subquery that unpacks the JSON.
  // Unchanged events (same change key, same generation) match the conflict but not the
  // WHERE: no row version is written. A full round bumps the generation, so it rewrites
  // each row once and the sweep can tell what Graph no longer has.
  // A named prepared statement: its planning cost ≈ 0.7 ms per page, most of a small page's upsert.
  // (The sweep and re-keying stay unnamed: the generic plans Postgres switches to after five runs
  // read every event of the tenant there, measured 20-50x slower by bench/page-upsert.ts.)
  const result = await executePrepared<{ id: string }>(
    tx,
    'page_upsert',
    sql`
    insert into events (tenant_id, mailbox_id, source_id, ical_uid, type, series_master_id, subject,
      start_at, end_at, start_date, end_date, is_all_day, time_zone, show_as, sensitivity, is_cancelled,
      organizer, attendees, location, locations, online_meeting, categories, change_key, last_modified_at,
      synced_at, generation)
    select ${input.tenantId}::uuid, ${input.mailboxId}::uuid, u.source_id, u.ical_uid, u.type, u.series_master_id,
      u.subject,
      case when u.is_all_day then (u.start_at at time zone 'UTC')::date::timestamp at time zone z.tz
        else u.start_at end,
      case when u.is_all_day then (u.end_at at time zone 'UTC')::date::timestamp at time zone z.tz
        else u.end_at end,
      case when u.is_all_day then (u.start_at at time zone 'UTC')::date end,
      case when u.is_all_day then (u.end_at at time zone 'UTC')::date end,
      u.is_all_day, u.time_zone, u.show_as, u.sensitivity, u.is_cancelled,
      u.organizer::jsonb, u.attendees::jsonb, u.location, u.locations::jsonb, u.online_meeting::jsonb,
      case when u.categories = '[]' then '{}'::text[]
        else array(select jsonb_array_elements_text(u.categories::jsonb)) end, u.change_key, u.last_modified_at,
      now(), ${input.expected.generation}::integer
    from unnest(${p(c.sourceId)}::text[], ${p(c.iCalUid)}::text[], ${p(c.type)}::text[],
      ${p(c.seriesMasterId)}::text[], ${p(c.subject)}::text[], ${p(c.startAt)}::timestamptz[],
      ${p(c.endAt)}::timestamptz[], ${p(c.isAllDay)}::boolean[], ${p(c.timeZone)}::text[],
      ${p(c.showAs)}::text[], ${p(c.sensitivity)}::text[], ${p(c.isCancelled)}::boolean[],
      ${p(c.organizer)}::text[], ${p(c.attendees)}::text[], ${p(c.location)}::text[],
      ${p(c.locations)}::text[], ${p(c.onlineMeeting)}::text[], ${p(c.categories)}::text[],
      ${p(c.changeKey)}::text[], ${p(c.lastModifiedAt)}::timestamptz[])
      as u(source_id, ical_uid, type, series_master_id, subject, start_at, end_at, is_all_day, time_zone,
        show_as, sensitivity, is_cancelled, organizer, attendees, location, locations, online_meeting,
        categories, change_key, last_modified_at)
    cross join (select ${effectiveTimeZoneSql(input.tenantId, input.mailboxId)} as tz) z
    on conflict (tenant_id, mailbox_id, source_id) do update set
      ical_uid = excluded.ical_uid, type = excluded.type, series_master_id = excluded.series_master_id,
      subject = excluded.subject, start_at = excluded.start_at, end_at = excluded.end_at,
      start_date = excluded.start_date, end_date = excluded.end_date,
      is_all_day = excluded.is_all_day, time_zone = excluded.time_zone, show_as = excluded.show_as,
      sensitivity = excluded.sensitivity, is_cancelled = excluded.is_cancelled,
      organizer = excluded.organizer, attendees = excluded.attendees, location = excluded.location,
      locations = excluded.locations, online_meeting = excluded.online_meeting,
      categories = excluded.categories, change_key = excluded.change_key,
      last_modified_at = excluded.last_modified_at, synced_at = excluded.synced_at,
      generation = excluded.generation
    where events.change_key is distinct from excluded.change_key
       or events.generation is distinct from excluded.generation
    returning id`,
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
