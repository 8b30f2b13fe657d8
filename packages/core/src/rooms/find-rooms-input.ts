import { assertPageSize, assertWindow } from '../calendar/query-limits.ts';
import { isUuid } from '../db/index.ts';
import { badInput } from '../errors/index.ts';
import { decodeCursorValues } from '../tenancy/index.ts';

export const roomFeatures = ['AUDIO', 'VIDEO', 'DISPLAY'] as const;
export type RoomFeature = (typeof roomFeatures)[number];

/** findRooms' filter: every given criterion must hold (docs/rooms.md). */
export interface FindRoomsFilter {
  minCapacity?: number | null | undefined;
  building?: string | null | undefined;
  floor?: number | null | undefined;
  roomList?: string | null | undefined;
  tags?: string[] | null | undefined;
  wheelchair?: boolean | null | undefined;
  features?: RoomFeature[] | null | undefined;
  /** Reserved rooms (bookable only by their delegates) are left out unless this is true. */
  includeReserved?: boolean | null | undefined;
}

export interface FindRoomsArgs {
  start: Date;
  end: Date;
  filter?: FindRoomsFilter | null | undefined;
  /** Also answer rooms whose calendar calsync does not know (never synced), flagged. */
  includeUnknown?: boolean | null | undefined;
  first: number;
  after?: string | null | undefined;
}

/** Position in best-fit order: capacity (unknown last), name, id. */
export interface FindRoomsCursor {
  capacityKey: number;
  name: string;
  id: string;
}

export const MAX_FIND_ROOMS_PAGE = 200;
const MAX_TEXT = 200;
const MAX_TAGS = 20;

/** Typed BAD_USER_INPUT for anything the finder's SQL must not see. */
export function validateFindRoomsArgs(args: FindRoomsArgs): FindRoomsCursor | null {
  assertWindow(args);
  assertPageSize(args.first, MAX_FIND_ROOMS_PAGE);
  const f = args.filter ?? {};
  if (f.minCapacity != null && (!Number.isInteger(f.minCapacity) || f.minCapacity < 0))
    throw badInput('filter.minCapacity', 'must be a whole number of seats, 0 or more');
  if (f.floor != null && !Number.isInteger(f.floor))
    throw badInput('filter.floor', 'must be a whole floor number');
  for (const field of ['building', 'roomList'] as const) {
    const value = f[field];
    if (value != null && (value.trim() === '' || value.length > MAX_TEXT))
      throw badInput(`filter.${field}`, `must be 1 to ${MAX_TEXT} characters`);
  }
  if (f.tags != null) {
    if (f.tags.length > MAX_TAGS) throw badInput('filter.tags', `at most ${MAX_TAGS} tags`);
    f.tags.forEach((tag, i) => {
      if (tag.trim() === '' || tag.length > MAX_TEXT)
        throw badInput(`filter.tags[${i}]`, `must be 1 to ${MAX_TEXT} characters`);
    });
  }
  return args.after ? decodeFindRoomsCursor(args.after) : null;
}

function decodeFindRoomsCursor(cursor: string): FindRoomsCursor {
  const [capacityKey, name, id] = decodeCursorValues(cursor, 3);
  if (typeof capacityKey !== 'number' || typeof name !== 'string' || typeof id !== 'string' || !isUuid(id))
    throw badInput('after', 'is not a cursor returned by this API');
  return { capacityKey, name, id };
}
