import { describe, expect, it } from 'vitest';
import { bisectWindow, dedupeByItemId, splitWindow } from './calendar-view-windows.ts';

const d = (iso: string) => new Date(iso);

describe('CalendarView windows', () => {
  it('covers a window with consecutive sub-windows of at most N days', () => {
    const parts = splitWindow({ start: d('2030-01-01T00:00:00Z'), end: d('2030-03-15T00:00:00Z') }, 31);
    expect(parts.map((p) => [p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10)])).toEqual([
      ['2030-01-01', '2030-02-01'],
      ['2030-02-01', '2030-03-04'],
      ['2030-03-04', '2030-03-15'],
    ]);
  });

  it('halves a window down to an hour, then stops', () => {
    expect(
      bisectWindow({ start: d('2030-01-01T00:00:00Z'), end: d('2030-01-03T00:00:00Z') })?.map((w) =>
        w.end.toISOString(),
      ),
    ).toEqual(['2030-01-02T00:00:00.000Z', '2030-01-03T00:00:00.000Z']);
    expect(
      bisectWindow({ start: d('2030-01-01T00:00:00Z'), end: d('2030-01-01T01:30:00Z') }),
    ).toBeUndefined();
  });

  it('keeps the first copy of an item seen in two neighbouring sub-windows', () => {
    expect(
      dedupeByItemId([
        [{ itemId: 'a' }, { itemId: 'b' }],
        [{ itemId: 'b' }, { itemId: 'c' }],
      ]).map((i) => i.itemId),
    ).toEqual(['a', 'b', 'c']);
  });
});
