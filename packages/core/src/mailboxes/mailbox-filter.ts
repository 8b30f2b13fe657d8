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

/** The filter's fields that are set, in a fixed order (part of a compiled statement's shape). */
const FIELDS = ['kind', 'building', 'minCapacity', 'roomList', 'tag'] as const;

/**
 * The filter's validated, normalised values, keyed by the placeholder names of
 * mailboxFilterConditions; only the fields that are set. Bad values are bad input.
 */
export function mailboxFilterValues(filter: MailboxFilter): Record<string, unknown> {
  for (const field of ['building', 'roomList', 'tag'] as const) {
    const value = filter[field];
    if (value != null && (value.length === 0 || value.length > MAX_TEXT))
      throw badInput(`filter.${field}`, `must be 1 to ${MAX_TEXT} characters`);
  }
  if (filter.minCapacity != null && (!Number.isInteger(filter.minCapacity) || filter.minCapacity < 0))
    throw badInput('filter.minCapacity', 'must be a whole number of seats, 0 or more');
  const values: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = filter[field];
    if (value != null && value !== '') values[`filter_${field}`] = value;
  }
  if (filter.roomList != null) values.filter_roomList = filter.roomList.trim().toLowerCase();
  return values;
}

/** Which fields are set: what changes the SQL text of mailboxFilterConditions. */
export function mailboxFilterShape(filter: MailboxFilter): string {
  return FIELDS.map((field) => (filter[field] != null && filter[field] !== '' ? 1 : 0)).join('');
}

/**
 * The filter's conditions on `mailboxes`, each value a placeholder `filter_<field>` filled from
 * mailboxFilterValues; room criteria become one EXISTS on room_details.
 */
export function mailboxFilterConditions(filter: MailboxFilter): SQL[] {
  const value = (field: (typeof FIELDS)[number]) => sql.placeholder(`filter_${field}`);
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(mailboxes.kind, value('kind')));
  const room: SQL[] = [];
  if (filter.minCapacity != null) room.push(sql`${roomDetails.capacity} >= ${value('minCapacity')}`);
  if (filter.building != null) room.push(sql`lower(${roomDetails.building}) = lower(${value('building')})`);
  if (filter.roomList != null) room.push(sql`${value('roomList')} = any(${roomDetails.roomLists})`);
  if (filter.tag != null)
    room.push(
      sql`exists (select 1 from unnest(${roomDetails.tags}) as t(tag) where lower(t.tag) = lower(${value('tag')}))`,
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
