import { describe, expect, it } from 'vitest';
import { computeSyncWindow, needsRebaseline } from './sync-window.ts';

describe('sync window', () => {
  it('covers whole UTC days from pastDays ago through futureDays ahead', () => {
    const w = computeSyncWindow(new Date('2026-03-10T15:30:00Z'), 7, 180);
    expect(w.start.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-09-07T00:00:00.000Z');
  });

  it('keeps the stored window for up to a day of sliding, then re-baselines', () => {
    const stored = computeSyncWindow(new Date('2026-03-10T01:00:00Z'), 7, 30);
    expect(needsRebaseline(stored, computeSyncWindow(new Date('2026-03-10T23:00:00Z'), 7, 30))).toBeNull();
    expect(needsRebaseline(stored, computeSyncWindow(new Date('2026-03-11T12:00:00Z'), 7, 30))).toBeNull();
    expect(needsRebaseline(stored, computeSyncWindow(new Date('2026-03-12T12:00:00Z'), 7, 30))).toBe(
      'window-slid',
    );
  });

  it('re-baselines when the connector window changes, even if the span is the same', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    const stored = computeSyncWindow(now, 7, 30);
    expect(needsRebaseline(stored, computeSyncWindow(now, 14, 30))).toBe('window-config-changed');
    expect(needsRebaseline(stored, computeSyncWindow(now, 8, 29))).toBe('window-config-changed');
    expect(needsRebaseline(stored, computeSyncWindow(now, 7, 30))).toBeNull();
  });

  it('re-baselines when no window was ever stored', () => {
    expect(needsRebaseline({ start: null, end: null }, computeSyncWindow(new Date(), 1, 1))).toBe(
      'no-window',
    );
  });
});
