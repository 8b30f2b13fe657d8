import { isUuid } from '../db/uuid.ts';
import { badInput } from '../errors/index.ts';

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Opaque cursors: base64url of a JSON array of sort-key values. */
export function encodeCursor(...values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; anything else is BAD_USER_INPUT. */
export function decodeCursorValues(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values;
    }
  } catch {
    // fall through to the typed error
  }
  throw badInput('after', 'is not a cursor returned by this API');
}

export function decodeCursor(cursor: string): string {
  return String(decodeCursorValues(cursor, 1)[0]);
}

/** A cursor over ids: a forged value must fail here, not as a Postgres cast error (INTERNAL). */
export function decodeUuidCursor(cursor: string): string {
  const [id] = decodeCursorValues(cursor, 1);
  if (typeof id === 'string' && isUuid(id)) return id;
  throw badInput('after', 'is not a cursor returned by this API');
}

/** A (createdAt, id) keyset cursor, validated like decodeUuidCursor. */
export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = decodeCursorValues(cursor, 2);
  const time = typeof at === 'string' ? new Date(at) : null;
  if (time && !Number.isNaN(time.getTime()) && typeof id === 'string' && isUuid(id)) {
    return { at: time, id };
  }
  throw badInput('after', 'is not a cursor returned by this API');
}
