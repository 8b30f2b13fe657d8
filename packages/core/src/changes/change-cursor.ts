import { badInput } from '../errors/index.ts';
import { decodeCursorValues, encodeCursor } from '../tenancy/index.ts';

/**
 * Change-feed cursors stand for a position in a tenant's change log: "every change up to
 * and including sequence N". Opaque to clients; the tag keeps them apart from page cursors.
 */
const TAG = 'changes';

export function encodeChangeCursor(seq: number): string {
  return encodeCursor(TAG, seq);
}

export function decodeChangeCursor(cursor: string, field = 'after'): number {
  let values: (string | number)[];
  try {
    values = decodeCursorValues(cursor, 2);
  } catch {
    throw badInput(field, 'is not a change cursor returned by this API');
  }
  const [tag, seq] = values;
  if (tag !== TAG || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw badInput(field, 'is not a change cursor returned by this API');
  }
  return seq;
}
