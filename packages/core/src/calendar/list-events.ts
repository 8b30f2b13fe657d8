import { isUuid } from '../db/uuid.ts';
import { and, asc, eq, gt, inArray, lt, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  events,
  mailboxes,
  readCompiledAsTenant,
  type Database,
  type EventRow,
  type TenantReader,
} from '../db/index.ts';
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

/** What a mailbox filter reads: ids and addresses, as `events` and `eventChanges` take them. */
export type MailboxFilterArgs = Pick<ListEventsArgs, 'mailboxIds' | 'addresses'>;

/** The valid ids and normalised addresses a mailbox filter names. */
interface MailboxFilterValues {
  ids: string[];
  addresses: string[];
}

/**
 * What a mailbox filter asks for: null for "all mailboxes", 'none' when the lists name nothing
 * valid, otherwise the valid ids and lower-cased addresses. Too many entries is bad input.
 */
function mailboxFilterValues(args: MailboxFilterArgs): MailboxFilterValues | null | 'none' {
  if (args.mailboxIds == null && args.addresses == null) return null;
  if ((args.mailboxIds?.length ?? 0) + (args.addresses?.length ?? 0) > MAX_MAILBOXES_PER_QUERY) {
    throw badInput('mailboxIds', `at most ${MAX_MAILBOXES_PER_QUERY} mailboxes per query`);
  }
  const ids = (args.mailboxIds ?? []).filter(isUuid);
  const addresses = (args.addresses ?? []).map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0);
  return ids.length + addresses.length === 0 ? 'none' : { ids, addresses };
}

/** Mailbox ids of the tenant's mailboxes with one of these addresses (a text[] value or placeholder). */
const mailboxIdsWithAddress = (addresses: SQL | Placeholder): SQL =>
  sql`(select ${mailboxes.id} from ${mailboxes} where ${mailboxes.address} = any(${addresses}::text[]))`;

/**
 * The mailbox filter on `column` (a mailbox id column of the tenant's rows), or null for
 * "all mailboxes", or 'none' when the lists name nothing valid.
 */
export function mailboxFilter(
  args: MailboxFilterArgs,
  column: AnyPgColumn = events.mailboxId,
): SQL | null | 'none' {
  const values = mailboxFilterValues(args);
  if (values === null || values === 'none') return values;
  const parts: SQL[] = [];
  if (values.ids.length > 0) parts.push(inArray(column, values.ids));
  if (values.addresses.length > 0)
    parts.push(inArray(column, mailboxIdsWithAddress(sql`${sql.param(values.addresses)}`)));
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

/** What changes the SQL text of listEvents; everything else is a placeholder value. */
interface ListEventsShape {
  ids: boolean;
  addresses: boolean;
  within: boolean;
  includeCancelled: boolean;
  after: boolean;
}

/** The listEvents statement of one shape, with placeholders for every per-call value. */
function listEventsStatement(reader: TenantReader, shape: ListEventsShape) {
  const conditions: SQL[] = [
    eq(events.tenantId, sql.placeholder('tenantId')),
    lt(events.startAt, sql.placeholder('end')),
    gt(events.endAt, sql.placeholder('start')),
  ];
  const inMailboxes: SQL[] = [];
  if (shape.ids) inMailboxes.push(sql`${events.mailboxId} = any(${sql.placeholder('ids')}::uuid[])`);
  if (shape.addresses)
    inMailboxes.push(inArray(events.mailboxId, mailboxIdsWithAddress(sql.placeholder('addresses'))));
  if (inMailboxes.length > 0)
    conditions.push(inMailboxes.length === 1 ? inMailboxes[0]! : or(...inMailboxes)!);
  if (shape.within) conditions.push(sql`${events.mailboxId} = any(${sql.placeholder('within')}::uuid[])`);
  if (!shape.includeCancelled) conditions.push(eq(events.isCancelled, false));
  if (shape.after) {
    conditions.push(
      afterKeyset(
        events.startAt,
        events.id,
        { micros: sql.placeholder('afterMicros'), id: sql.placeholder('afterId') },
        'asc',
      ),
    );
  }
  return reader
    .select({ event: events, micros: microsOf(events.startAt) })
    .from(events)
    .where(and(...conditions))
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(sql.placeholder('limit'));
}

/**
 * Events overlapping [start, end) in the given mailboxes (all of the tenant's when none are
 * named), ordered by start then id, with keyset cursors that stay valid while data changes.
 * The statement is compiled once per shape (readCompiledAsTenant): this is the hottest read.
 */
export async function listEvents(
  db: Database,
  tenantId: string,
  args: ListEventsArgs,
): Promise<Page<EventRow>> {
  assertWindow(args);
  assertPageSize(args.first);
  const position = args.after ? decodeKeyset(args.after) : null;
  const filter = mailboxFilterValues(args);
  const empty: Page<EventRow> = { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  if (filter === 'none') return empty;
  const within = args.withinMailboxes?.filter(isUuid);
  if (within?.length === 0) return empty;
  const shape: ListEventsShape = {
    ids: (filter?.ids.length ?? 0) > 0,
    addresses: (filter?.addresses.length ?? 0) > 0,
    within: within !== undefined,
    includeCancelled: args.includeCancelled === true,
    after: position !== null,
  };
  const rows = await readCompiledAsTenant(
    db,
    tenantId,
    `list_events_${Object.values(shape)
      .map((on) => (on ? 1 : 0))
      .join('')}`,
    (reader) => listEventsStatement(reader, shape),
    {
      tenantId,
      start: args.start,
      end: args.end,
      ids: filter?.ids,
      addresses: filter?.addresses,
      within,
      afterMicros: position?.micros,
      afterId: position?.id,
      limit: args.first + 1,
    },
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
