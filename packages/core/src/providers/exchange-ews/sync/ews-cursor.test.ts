import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, fromTuple, toTuple, type EwsCursor } from './ews-cursor.ts';

describe('EWS round cursor', () => {
  it('round-trips every phase and refuses what it did not write', () => {
    const window = toTuple({
      start: new Date('2030-01-01T00:00:00Z'),
      end: new Date('2030-03-01T00:00:00Z'),
    });
    const cursors: EwsCursor[] = [
      { v: 1, phase: 'baseline', window, syncState: null },
      { v: 1, phase: 'view', window, syncState: 'H4sI', pending: [window] },
      { v: 1, phase: 'delta', window, syncState: 'H4sI' },
    ];
    for (const cursor of cursors) expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(fromTuple(window).end.toISOString()).toBe('2030-03-01T00:00:00.000Z');
    expect(
      decodeCursor('https://graph.microsoft.com/v1.0/users/x/calendarView/delta?$deltatoken=a'),
    ).toBeUndefined();
    expect(
      decodeCursor(JSON.stringify({ v: 1, phase: 'view', window, syncState: 's', pending: [] })),
    ).toBeUndefined();
  });
});
