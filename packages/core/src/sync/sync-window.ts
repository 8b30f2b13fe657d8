const DAY_MS = 86_400_000;

/** The calendarView window a delta link is opened for: whole UTC days around now. */
export interface SyncWindow {
  start: Date;
  end: Date;
}

function startOfUtcDay(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS) * DAY_MS;
}

/**
 * `pastDays` before today through `futureDays` after today, inclusive of both end days.
 * Day-aligned so the window (and with it the delta link) only moves once a day.
 */
export function computeSyncWindow(now: Date, pastDays: number, futureDays: number): SyncWindow {
  const today = startOfUtcDay(now);
  return { start: new Date(today - pastDays * DAY_MS), end: new Date(today + (futureDays + 1) * DAY_MS) };
}

export type RebaselineReason = 'no-window' | 'window-config-changed' | 'window-slid';

/**
 * A delta link is bound to the window it was opened with (docs/microsoft-graph.md §3.2), so
 * re-baseline with a full sync when the configured window no longer matches the
 * stored one: its size changed (connector edited), or time moved the wanted end
 * more than a day past the stored end. Returns null when the stored window serves.
 */
export function needsRebaseline(
  stored: { start: Date | null; end: Date | null },
  wanted: SyncWindow,
): RebaselineReason | null {
  if (!stored.start || !stored.end) return 'no-window';
  const startShift = wanted.start.getTime() - stored.start.getTime();
  const endShift = wanted.end.getTime() - stored.end.getTime();
  // As time passes both ends shift by the same amount; anything else is a config change.
  if (startShift !== endShift) return 'window-config-changed';
  if (endShift > DAY_MS) return 'window-slid';
  if (endShift < 0) return 'window-config-changed';
  return null;
}
