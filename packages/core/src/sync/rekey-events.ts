import { sql } from 'drizzle-orm';
import type { Tx } from '../db/index.ts';
import type { PageChanges } from './page-changes.ts';
import type { SourceEvent } from './source-event.ts';

/**
 * When a provider starts keying events by another kind of id (Graph's immutable ids,
 * docs/microsoft-graph.md §9.7), the full round that follows meets every event under a new id. Before
 * its page is upserted, rows of older generations that stand for the same event get the new id, so the
 * upsert updates them in place: no duplicate rows while the round runs, and each keeps its calsync id.
 * The same event has the same type and iCalUId; occurrences and exceptions also the same start, since
 * occurrences have been seen sharing their master's iCalUId. Delta stubs of occurrences carry no
 * iCalUId at all (§3): those match an occurrence of the same start, end and subject. Each old row and
 * each new id is used at most once, and never for an id the mailbox already has; rows left unmatched
 * are swept at the round's end as before.
 */
export async function rekeyEvents(
  tx: Tx,
  tenantId: string,
  mailboxId: string,
  generation: number,
  changes: PageChanges,
): Promise<void> {
  const rows = changes.upserts.filter((row) => row.iCalUId !== null || isInstance(row.type));
  if (rows.length === 0) return;
  const p = sql.param;
  // All-day rows are stored as dates placed in the mailbox's zone; the source gives their UTC midnights.
  const sameStart = sql`(e.start_at = i.start_at or e.start_date = (i.start_at at time zone 'UTC')::date)`;
  await tx.execute(sql`
    with incoming as (
      select * from unnest(${p(rows.map((r) => r.sourceId))}::text[], ${p(rows.map((r) => r.iCalUId))}::text[],
        ${p(rows.map((r) => r.type))}::text[], ${p(rows.map((r) => r.startAt.toISOString()))}::timestamptz[],
        ${p(rows.map((r) => r.endAt.toISOString()))}::timestamptz[], ${p(rows.map((r) => r.subject))}::text[])
        as u(source_id, ical_uid, type, start_at, end_at, subject)
    ), candidates as (
      select distinct on (i.source_id) e.id, i.source_id as new_id
      from incoming i
      join events e on e.tenant_id = ${tenantId} and e.mailbox_id = ${mailboxId}
        and e.generation < ${generation} and e.type = i.type and e.source_id <> i.source_id
        and (case
          when i.type not in ('OCCURRENCE', 'EXCEPTION') then e.ical_uid = i.ical_uid
          when i.ical_uid is not null then e.ical_uid = i.ical_uid and ${sameStart}
          else e.ical_uid is null and ${sameStart} and e.subject is not distinct from i.subject
            and (e.end_at = i.end_at or e.is_all_day)
        end)
      where not exists (select 1 from events x
        where x.tenant_id = ${tenantId} and x.mailbox_id = ${mailboxId} and x.source_id = i.source_id)
      order by i.source_id, e.id
    ), matches as (
      select distinct on (id) id, new_id from candidates order by id, new_id
    )
    update events e set source_id = m.new_id
    from matches m
    where e.tenant_id = ${tenantId} and e.id = m.id`);
}

function isInstance(type: SourceEvent['type']): boolean {
  return type === 'OCCURRENCE' || type === 'EXCEPTION';
}
