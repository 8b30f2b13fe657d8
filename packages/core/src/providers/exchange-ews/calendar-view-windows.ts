/**
 * CalendarView has no offset paging and refuses ranges over two years or over EWSFindCountLimit items
 * (docs/exchange-ews.md §3.1): a sync window is read as sub-windows, and a sub-window that comes back
 * truncated (IncludesLastItemInRange=false) or refused is halved and read again.
 */
export interface TimeWindow {
  start: Date;
  end: Date;
}

export const DEFAULT_SUB_WINDOW_DAYS = 31;
/** Below this a sub-window is not split further: a mailbox with that many items in one hour is broken. */
export const MIN_SUB_WINDOW_MS = 3_600_000;

/** Consecutive sub-windows of at most `days` covering [start, end). */
export function splitWindow(window: TimeWindow, days = DEFAULT_SUB_WINDOW_DAYS): TimeWindow[] {
  const step = days * 86_400_000;
  const out: TimeWindow[] = [];
  for (let at = window.start.getTime(); at < window.end.getTime(); at += step) {
    out.push({ start: new Date(at), end: new Date(Math.min(at + step, window.end.getTime())) });
  }
  return out;
}

/** The two halves of a window, or undefined when it is already as small as it may get. */
export function bisectWindow(window: TimeWindow): [TimeWindow, TimeWindow] | undefined {
  const span = window.end.getTime() - window.start.getTime();
  if (span < 2 * MIN_SUB_WINDOW_MS) return undefined;
  const middle = new Date(window.start.getTime() + Math.floor(span / 2 / 60_000) * 60_000);
  return [
    { start: window.start, end: middle },
    { start: middle, end: window.end },
  ];
}

/**
 * Items of neighbouring sub-windows overlap (an item crossing the seam, or ending exactly at StartDate, is in
 * both): keep the first copy of each ItemId.
 */
export function dedupeByItemId<T extends { itemId: string }>(pages: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const page of pages)
    for (const item of page) {
      if (seen.has(item.itemId)) continue;
      seen.add(item.itemId);
      out.push(item);
    }
  return out;
}
