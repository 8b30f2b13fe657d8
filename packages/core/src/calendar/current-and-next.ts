import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  events,
  readCompiledAsTenant,
  type Database,
  type EventRow,
  type TenantReader,
} from '../db/index.ts';
import { isUuid } from '../db/uuid.ts';

export interface CurrentAndNext {
  /** In progress at `now` (start ≤ now < end); the earliest-started one when several overlap. */
  current: EventRow | null;
  /** The first to start after `now`. */
  next: EventRow | null;
}

// showAs FREE is how Outlook marks "this does not occupy the room"; cancelled events are gone.
const BLOCKS = sql`not e.is_cancelled and e.show_as <> 'FREE'`;

/** The statement below, compiled once: the tenant, mailbox ids and `now` are placeholders. */
function currentAndNextStatement(reader: TenantReader) {
  const tenantId = sql.placeholder('tenantId');
  const now = sql.placeholder('now');
  return reader
    .select()
    .from(events)
    .where(
      and(
        eq(events.tenantId, tenantId),
        inArray(
          events.id,
          sql`(select x.id from unnest(${sql.placeholder('ids')}::uuid[]) as m(id) cross join lateral (
            (select e.id from events e
              where e.tenant_id = ${tenantId} and e.mailbox_id = m.id and ${BLOCKS}
                and e.start_at <= ${now} and e.end_at > ${now}
              order by e.start_at, e.id limit 1)
            union all
            (select e.id from events e
              where e.tenant_id = ${tenantId} and e.mailbox_id = m.id and ${BLOCKS}
                and e.start_at > ${now}
              order by e.start_at, e.id limit 1)) as x)`,
        ),
      ),
    );
}

/**
 * Current and next event of many mailboxes in ONE statement: two LATERAL probes per mailbox,
 * each served by the (tenant, mailbox, start, end) index. Mailboxes without either map to nulls.
 */
export async function findCurrentAndNextEvents(
  db: Database,
  tenantId: string,
  mailboxIds: readonly string[],
  now: Date,
): Promise<Map<string, CurrentAndNext>> {
  const ids = [...new Set(mailboxIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const result = new Map<string, CurrentAndNext>(ids.map((id) => [id, { current: null, next: null }]));
  if (ids.length === 0) return result;
  const rows = await readCompiledAsTenant(db, tenantId, 'current_and_next', currentAndNextStatement, {
    tenantId,
    ids,
    now,
  });
  for (const row of rows) {
    const slot = result.get(row.mailboxId);
    if (!slot) continue;
    if (row.startAt.getTime() > now.getTime()) slot.next = row;
    else slot.current = row;
  }
  return result;
}
