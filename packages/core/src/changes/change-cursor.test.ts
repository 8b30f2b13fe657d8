import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { encodeCursor } from '../tenancy/index.ts';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor.ts';

describe('change cursors', () => {
  it('round-trip a sequence', () => {
    expect(decodeChangeCursor(encodeChangeCursor(0))).toBe(0);
    expect(decodeChangeCursor(encodeChangeCursor(123_456_789))).toBe(123_456_789);
  });

  it('refuse page cursors, negative or fractional positions and garbage as BAD_USER_INPUT', () => {
    for (const cursor of [
      encodeCursor('2026', 'x'),
      encodeCursor('changes', -1),
      encodeCursor('changes', 1.5),
      '%%%',
    ]) {
      expect(() => decodeChangeCursor(cursor, 'fromCursor')).toThrow(AppError);
      try {
        decodeChangeCursor(cursor, 'fromCursor');
      } catch (error) {
        expect((error as AppError).code).toBe('BAD_USER_INPUT');
        expect((error as AppError).details['field']).toBe('fromCursor');
      }
    }
  });
});
