import type { Core } from '../create-core.ts';
import { mailboxes, roomDetails, rowFromJson, withTenant, type MailboxRow } from '../db/index.ts';
import { encodeCursor, resolveTenant, type Page, type Principal } from '../tenancy/index.ts';
import { validateFindRoomsArgs, type FindRoomsArgs } from './find-rooms-input.ts';
import { findRoomsStatement } from './find-rooms-sql.ts';
import { toRoomView, type RoomView } from './room-queries.ts';

/** One room free for the whole interval (or, with includeUnknown, one whose calendar is unknown). */
export interface FreeRoom {
  mailbox: MailboxRow;
  room: RoomView | null;
  /** False: calsync never synced this room's calendar, so "free" is a guess. */
  availabilityKnown: boolean;
  /** End of the last blocking event before start (within 24 h); null = free for at least 24 h before. */
  freeFrom: Date | null;
  /** Start of the next blocking event after end (within 24 h); null = free for at least 24 h after. */
  freeUntil: Date | null;
}

export interface FreeRoomPage extends Page<FreeRoom> {
  totalCount: number;
}

interface FoundRow {
  mailbox: Record<string, unknown>;
  room: Record<string, unknown> | null;
  capacity_key: number;
  name: string;
  mailbox_id: string;
  known: boolean;
  free_from: string | null;
  free_until: string | null;
}

/**
 * findRooms: rooms free for [start, end) in best-fit order (docs/rooms.md). One SQL statement for
 * the whole set, in a tenant transaction (row-level security).
 */
export async function findRooms(
  core: Pick<Core, 'db'>,
  principal: Principal,
  args: FindRoomsArgs,
): Promise<FreeRoomPage> {
  const tenantId = resolveTenant(principal);
  const cursor = validateFindRoomsArgs(args);
  const result = await withTenant(core.db, tenantId, (tx) =>
    tx.execute<{ total: number; page: FoundRow[] }>(findRoomsStatement(tenantId, args, cursor)),
  );
  const { total = 0, page = [] } = result.rows[0] ?? {};
  const nodes = page.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes: nodes.map((r) => ({
      mailbox: rowFromJson(mailboxes, r.mailbox),
      room: r.room ? toRoomView(rowFromJson(roomDetails, r.room)) : null,
      availabilityKnown: r.known,
      freeFrom: r.free_from ? new Date(r.free_from) : null,
      freeUntil: r.free_until ? new Date(r.free_until) : null,
    })),
    pageInfo: {
      hasNextPage: page.length > args.first,
      endCursor: last ? encodeCursor(last.capacity_key, last.name, last.mailbox_id) : null,
    },
    totalCount: total,
  };
}
