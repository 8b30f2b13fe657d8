import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { events, mailboxes, withTenant, type Database } from '../db/index.ts';
import { badInput } from '../errors/index.ts';
import { overlapsWindow } from './list-events.ts';
import { mergeBusyIntervals, type BusyInterval } from './merge-busy-intervals.ts';
import { assertWindow, type TimeWindow } from './query-limits.ts';

/** Most addresses one availability query may ask about. */
export const MAX_AVAILABILITY_ADDRESSES = 100;

export interface MailboxAvailability {
  /** As asked (not normalised), so clients can match answers to questions. */
  address: string;
  /** False when the mailbox is unknown or never synced: `busy` is then empty and means nothing. */
  known: boolean;
  busy: BusyInterval[];
}

/**
 * Busy intervals per address from synced data, in request order. Two statements in one
 * tenant transaction: the mailboxes, then their blocking events in the window.
 */
export async function getAvailability(
  db: Database,
  tenantId: string,
  args: TimeWindow & { addresses: readonly string[] },
): Promise<MailboxAvailability[]> {
  assertWindow(args);
  if (args.addresses.length > MAX_AVAILABILITY_ADDRESSES) {
    throw badInput('addresses', `at most ${MAX_AVAILABILITY_ADDRESSES} addresses per query`);
  }
  const normalised = [...new Set(args.addresses.map((a) => a.trim().toLowerCase()))];
  const { boxes, rows } = await withTenant(db, tenantId, async (tx) => {
    const boxes =
      normalised.length === 0
        ? []
        : await tx
            .select({
              id: mailboxes.id,
              address: mailboxes.address,
              lastSyncedAt: mailboxes.lastSyncedAt,
              syncStatus: mailboxes.syncStatus,
            })
            .from(mailboxes)
            .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.address, normalised)));
    const synced = boxes.filter((b) => b.lastSyncedAt !== null || b.syncStatus === 'OK').map((b) => b.id);
    const rows =
      synced.length === 0
        ? []
        : await tx
            .select({
              mailboxId: events.mailboxId,
              start: events.startAt,
              end: events.endAt,
              showAs: events.showAs,
            })
            .from(events)
            .where(
              and(
                eq(events.tenantId, tenantId),
                inArray(events.mailboxId, synced),
                overlapsWindow(args),
                eq(events.isCancelled, false),
                notInArray(events.showAs, ['FREE', 'WORKING_ELSEWHERE']),
              ),
            )
            .orderBy(sql`${events.startAt}`);
    return { boxes, rows };
  });
  const byAddress = new Map(boxes.map((b) => [b.address, b]));
  return args.addresses.map((address) => {
    const box = byAddress.get(address.trim().toLowerCase());
    if (!box || (box.lastSyncedAt === null && box.syncStatus !== 'OK'))
      return { address, known: false, busy: [] };
    return {
      address,
      known: true,
      busy: mergeBusyIntervals(
        rows.filter((r) => r.mailboxId === box.id),
        args,
      ),
    };
  });
}
