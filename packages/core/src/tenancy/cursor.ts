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
