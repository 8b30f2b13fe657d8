import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { badInput } from '../errors/index.ts';
import { decodeCursorValues, encodeCursor } from '../tenancy/index.ts';
import { isUuid } from '../db/uuid.ts';

/**
 * Keyset cursors over (timestamptz, uuid). The timestamp travels as microseconds since the
 * epoch (a decimal string): Postgres keeps microseconds, a JS Date only milliseconds, and a
 * truncated cursor would skip or repeat rows that share the millisecond.
 */
export interface KeysetPosition {
  micros: string;
  id: string;
}

const MICROS = /^-?\d{1,17}$/;

/** SQL yielding the column as microseconds since the epoch, as text (select it beside the row). */
export function microsOf(column: AnyPgColumn): SQL<string> {
  return sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;
}

export function encodeKeyset(position: KeysetPosition): string {
  return encodeCursor(position.micros, position.id);
}

export function decodeKeyset(cursor: string): KeysetPosition {
  const [micros, id] = decodeCursorValues(cursor, 2);
  if (typeof micros !== 'string' || !MICROS.test(micros) || typeof id !== 'string' || !isUuid(id)) {
    throw badInput('after', 'is not a cursor returned by this API');
  }
  return { micros, id };
}

/**
 * `(time, id) > cursor` (ascending) or `<` (descending), exact to the microsecond. The position's
 * parts may be placeholders of a compiled statement.
 */
export function afterKeyset(
  time: AnyPgColumn,
  id: AnyPgColumn,
  position: KeysetPosition | { micros: Placeholder; id: Placeholder },
  direction: 'asc' | 'desc',
): SQL {
  const at = sql`(timestamptz 'epoch' + ${position.micros}::bigint * interval '1 microsecond')`;
  return direction === 'asc'
    ? sql`(${time}, ${id}) > (${at}, ${position.id}::uuid)`
    : sql`(${time}, ${id}) < (${at}, ${position.id}::uuid)`;
}
