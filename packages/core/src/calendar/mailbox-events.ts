import { isUuid } from '../db/uuid.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { events, withTenant, type Database, type EventRow } from '../db/index.ts';
import type { Page } from '../tenancy/index.ts';
import { decodeKeyset, microsOf } from './keyset-cursor.ts';
import { toPage } from './list-events.ts';
import { assertPageSize, assertWindow, type TimeWindow } from './query-limits.ts';

export interface MailboxEventsRequest extends TimeWindow {
  mailboxId: string;
  first: number;
  after?: string | null | undefined;
}

type Row = { event: EventRow; micros: string };

function compareRows(a: Row, b: Row): number {
  const at = BigInt(a.micros);
  const bt = BigInt(b.micros);
  if (at !== bt) return at < bt ? -1 : 1;
  return a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;
}

/**
 * `Mailbox.events` for many mailboxes at once (one statement per distinct argument set):
 * a LATERAL per mailbox takes its first `first + 1` non-cancelled events overlapping the
 * window, so every mailbox gets its own page however busy the others are.
 * Returns one page per request, in request order.
 */
export async function listEventsOfMailboxes(
  db: Database,
  tenantId: string,
  requests: readonly MailboxEventsRequest[],
): Promise<Page<EventRow>[]> {
  const groups = new Map<string, MailboxEventsRequest[]>();
  for (const request of requests) {
    assertWindow(request);
    assertPageSize(request.first);
    const key = JSON.stringify([request.start, request.end, request.first, request.after ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  const pages = new Map<MailboxEventsRequest, Page<EventRow>>();
  await withTenant(db, tenantId, async (tx) => {
    for (const group of groups.values()) {
      const { start, end, first, after } = group[0]!;
      const position = after ? decodeKeyset(after) : null;
      const ids = [...new Set(group.map((r) => r.mailboxId.toLowerCase()).filter(isUuid))];
      const keyset = position
        ? sql`and (e.start_at, e.id) > (timestamptz 'epoch' + ${position.micros}::bigint * interval '1 microsecond', ${position.id}::uuid)`
        : sql``;
      const rows: Row[] =
        ids.length === 0
          ? []
          : await tx
              .select({ event: events, micros: microsOf(events.startAt) })
              .from(events)
              .where(
                and(
                  eq(events.tenantId, tenantId),
                  inArray(
                    events.id,
                    sql`(select x.id from unnest(${sql.param(ids)}::uuid[]) as m(id) cross join lateral (
                      select e.id from events e
                      where e.tenant_id = ${tenantId} and e.mailbox_id = m.id
                        and e.start_at < ${end} and e.end_at > ${start} and not e.is_cancelled ${keyset}
                      order by e.start_at, e.id limit ${first + 1}) as x)`,
                  ),
                ),
              );
      const byMailbox = new Map<string, Row[]>();
      for (const row of rows)
        byMailbox.set(row.event.mailboxId, [...(byMailbox.get(row.event.mailboxId) ?? []), row]);
      for (const request of group) {
        const own = (byMailbox.get(request.mailboxId.toLowerCase()) ?? []).sort(compareRows);
        pages.set(request, toPage(own, first));
      }
    }
  });
  return requests.map((r) => pages.get(r)!);
}
