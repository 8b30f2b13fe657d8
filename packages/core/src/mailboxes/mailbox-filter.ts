import { and, eq, sql, type SQL } from 'drizzle-orm';
import { mailboxes, roomDetails } from '../db/index.ts';
import type { MailboxKind } from '../db/schema/enums.ts';
import { badInput } from '../errors/index.ts';

/** `mailboxes(filter:)`: kind plus room metadata (docs/rooms.md). Room criteria match only described rooms. */
export interface MailboxFilter {
  kind?: MailboxKind | null | undefined;
  building?: string | null | undefined;
  minCapacity?: number | null | undefined;
  roomList?: string | null | undefined;
  tag?: string | null | undefined;
}

const MAX_TEXT = 200;

/** The filter's conditions on `mailboxes`; room criteria become one EXISTS on room_details. */
export function mailboxFilterConditions(filter: MailboxFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(mailboxes.kind, filter.kind));
  const room: SQL[] = [];
  for (const field of ['building', 'roomList', 'tag'] as const) {
    const value = filter[field];
    if (value != null && (value.length === 0 || value.length > MAX_TEXT))
      throw badInput(`filter.${field}`, `must be 1 to ${MAX_TEXT} characters`);
  }
  if (filter.minCapacity != null) {
    if (!Number.isInteger(filter.minCapacity) || filter.minCapacity < 0)
      throw badInput('filter.minCapacity', 'must be a whole number of seats, 0 or more');
    room.push(sql`${roomDetails.capacity} >= ${filter.minCapacity}`);
  }
  if (filter.building != null) room.push(sql`lower(${roomDetails.building}) = lower(${filter.building})`);
  if (filter.roomList != null)
    room.push(sql`${filter.roomList.trim().toLowerCase()} = any(${roomDetails.roomLists})`);
  if (filter.tag != null)
    room.push(
      sql`exists (select 1 from unnest(${roomDetails.tags}) as t(tag) where lower(t.tag) = lower(${filter.tag}))`,
    );
  if (room.length > 0) {
    conditions.push(
      sql`exists (select 1 from ${roomDetails} where ${and(
        sql`${roomDetails.tenantId} = ${mailboxes.tenantId}`,
        sql`${roomDetails.mailboxId} = ${mailboxes.id}`,
        ...room,
      )})`,
    );
  }
  return conditions;
}
