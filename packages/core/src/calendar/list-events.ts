import { isUuid } from '../db/uuid.ts';
import { and, asc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { events, mailboxes, withTenant, type Database, type EventRow } from '../db/index.ts';
import { badInput } from '../errors/index.ts';
import type { Page } from '../tenancy/index.ts';
import { afterKeyset, decodeKeyset, encodeKeyset, microsOf } from './keyset-cursor.ts';
import { MAX_MAILBOXES_PER_QUERY, assertPageSize, assertWindow, type TimeWindow } from './query-limits.ts';

export interface ListEventsArgs extends TimeWindow {
  /** Mailbox ids; with `addresses`, the union of both. Both omitted: every mailbox of the tenant. */
  mailboxIds?: readonly string[] | null | undefined;
  /** SMTP addresses, matched case-insensitively. */
  addresses?: readonly string[] | null | undefined;
  includeCancelled?: boolean | null | undefined;
  /** A display token's mailboxes: whatever the lists above say, nothing outside these. */
  withinMailboxes?: readonly string[] | undefined;
  first: number;
  after?: string | null | undefined;
}

/** `[start, end)` overlap: an event ending exactly at `start` (or starting at `end`) is outside. */
export function overlapsWindow(window: TimeWindow): SQL {
  return and(lt(events.startAt, window.end), gt(events.endAt, window.start))!;
}

/** The mailbox filter, or null for "all mailboxes", or 'none' when the lists name nothing valid. */
function mailboxFilter(args: ListEventsArgs): SQL | null | 'none' {
  if (args.mailboxIds == null && args.addresses == null) return null;
  const ids = (args.mailboxIds ?? []).filter(isUuid);
  const addresses = (args.addresses ?? []).map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0);
  if ((args.mailboxIds?.length ?? 0) + (args.addresses?.length ?? 0) > MAX_MAILBOXES_PER_QUERY) {
    throw badInput('mailboxIds', `at most ${MAX_MAILBOXES_PER_QUERY} mailboxes per query`);
  }
  const parts: SQL[] = [];
  if (ids.length > 0) parts.push(inArray(events.mailboxId, ids));
  if (addresses.length > 0) {
    parts.push(
      inArray(
        events.mailboxId,
        sql`(select ${mailboxes.id} from ${mailboxes} where ${mailboxes.address} = any(${sql.param(addresses)}::text[]))`,
      ),
    );
  }
  if (parts.length === 0) return 'none';
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

/**
 * Events overlapping [start, end) in the given mailboxes (all of the tenant's when none are
 * named), ordered by start then id, with keyset cursors that stay valid while data changes.
 */
export async function listEvents(
  db: Database,
  tenantId: string,
  args: ListEventsArgs,
): Promise<Page<EventRow>> {
  assertWindow(args);
  assertPageSize(args.first);
  const position = args.after ? decodeKeyset(args.after) : null;
  const filter = mailboxFilter(args);
  if (filter === 'none') return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const conditions: SQL[] = [eq(events.tenantId, tenantId), overlapsWindow(args)];
  if (filter) conditions.push(filter);
  if (args.withinMailboxes) {
    const within = args.withinMailboxes.filter(isUuid);
    if (within.length === 0) return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
    conditions.push(inArray(events.mailboxId, within));
  }
  if (!args.includeCancelled) conditions.push(eq(events.isCancelled, false));
  if (position) conditions.push(afterKeyset(events.startAt, events.id, position, 'asc'));
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ event: events, micros: microsOf(events.startAt) })
      .from(events)
      .where(and(...conditions))
      .orderBy(asc(events.startAt), asc(events.id))
      .limit(args.first + 1),
  );
  return toPage(rows, args.first);
}

/** Cuts the look-ahead row and makes the end cursor from the last row kept. */
export function toPage(rows: { event: EventRow; micros: string }[], first: number): Page<EventRow> {
  const kept = rows.slice(0, first);
  const last = kept.at(-1);
  return {
    nodes: kept.map((r) => r.event),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: last ? encodeKeyset({ micros: last.micros, id: last.event.id }) : null,
    },
  };
}
