import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { mailboxFilter, type MailboxFilterArgs } from '../calendar/list-events.ts';
import { assertPageSize } from '../calendar/query-limits.ts';
import {
  eventChangeHeads,
  eventChanges,
  events,
  withTenant,
  type Database,
  type EventChangeType,
  type EventRow,
  type Tx,
} from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor.ts';

/** One change from the log with the event's state now (null once the event is gone). */
export interface EventChangeEntry {
  seq: number;
  /** The cursor that reads on after this change. */
  cursor: string;
  kind: 'UPSERTED' | 'DELETED';
  changeType: EventChangeType;
  eventId: string;
  mailboxId: string;
  committedAt: Date;
  event: EventRow | null;
}

export interface EventChangePage {
  nodes: EventChangeEntry[];
  /** endCursor is never null: a consumer stores it and reads on from there. */
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

export interface ReadEventChangesArgs extends MailboxFilterArgs {
  after?: string | null | undefined;
  first: number;
}

/** Changes of at most this many log rows per page (as `events`). */
export const MAX_CHANGES_PER_PAGE = 500;

/**
 * The tenant's changes after the cursor, in commit order, each with its event's current
 * state (docs/change-feed.md). No cursor starts at the oldest retained change. A cursor
 * before the retained range is CURSOR_EXPIRED with the oldest cursor still readable.
 */
export async function readEventChanges(
  db: Database,
  tenantId: string,
  args: ReadEventChangesArgs,
): Promise<EventChangePage> {
  assertPageSize(args.first, MAX_CHANGES_PER_PAGE);
  const after = args.after == null ? null : decodeChangeCursor(args.after);
  const filter = mailboxFilter(args, eventChanges.mailboxId);
  return withTenant(db, tenantId, async (tx) => {
    const head = await readHead(tx, tenantId);
    if (after !== null && after < head.trimmedThrough) {
      throw new AppError('CURSOR_EXPIRED', 'the cursor is older than the change log keeps; read again', {
        oldestCursor: encodeChangeCursor(head.trimmedThrough),
      });
    }
    const from = after ?? head.trimmedThrough;
    if (filter === 'none') return emptyPage(Math.max(from, head.lastSeq));
    const conditions: SQL[] = [eq(eventChanges.tenantId, tenantId), gt(eventChanges.seq, from)];
    if (filter) conditions.push(filter);
    const rows = await tx
      .select({ change: eventChanges, event: events })
      .from(eventChanges)
      .leftJoin(events, and(eq(events.tenantId, eventChanges.tenantId), eq(events.id, eventChanges.eventId)))
      .where(and(...conditions))
      .orderBy(asc(eventChanges.seq))
      .limit(args.first + 1);
    const nodes = rows.slice(0, args.first).map(({ change, event }) => toEntry(change, event));
    const hasNextPage = rows.length > args.first;
    // A short page saw every change committed before the head was read, including those the
    // filter skipped: the cursor moves past them so a filtered consumer's cursor never ages out.
    const endSeq = hasNextPage ? nodes.at(-1)!.seq : Math.max(from, head.lastSeq, nodes.at(-1)?.seq ?? 0);
    return { nodes, pageInfo: { hasNextPage, endCursor: encodeChangeCursor(endSeq) } };
  });
}

interface Head {
  lastSeq: number;
  trimmedThrough: number;
}

async function readHead(tx: Tx, tenantId: string): Promise<Head> {
  const [row] = await tx
    .select({ lastSeq: eventChangeHeads.lastSeq, trimmedThrough: eventChangeHeads.trimmedThrough })
    .from(eventChangeHeads)
    .where(eq(eventChangeHeads.tenantId, tenantId));
  return row ?? { lastSeq: 0, trimmedThrough: 0 };
}

function emptyPage(seq: number): EventChangePage {
  return { nodes: [], pageInfo: { hasNextPage: false, endCursor: encodeChangeCursor(seq) } };
}

function toEntry(change: typeof eventChanges.$inferSelect, event: EventRow | null): EventChangeEntry {
  const deleted = change.changeType === 'DELETED';
  return {
    seq: change.seq,
    cursor: encodeChangeCursor(change.seq),
    kind: deleted ? 'DELETED' : 'UPSERTED',
    changeType: change.changeType,
    eventId: change.eventId,
    mailboxId: change.mailboxId,
    committedAt: change.committedAt,
    event: deleted ? null : event,
  };
}
