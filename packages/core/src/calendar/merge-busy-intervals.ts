import type { ShowAs } from '../db/index.ts';

export interface BusyInterval {
  start: Date;
  end: Date;
  showAs: ShowAs;
}

/** showAs values that block time, strongest first wins where intervals overlap. */
const BLOCKING_RANK: Partial<Record<ShowAs, number>> = { UNKNOWN: 1, TENTATIVE: 2, BUSY: 3, OOF: 4 };

/** FREE and WORKING_ELSEWHERE leave the mailbox available. */
export function blocksTime(showAs: ShowAs): boolean {
  return BLOCKING_RANK[showAs] !== undefined;
}

/**
 * Merges busy intervals into sorted, non-overlapping ones clipped to the window. Where
 * intervals overlap, the strongest showAs (OOF > BUSY > TENTATIVE > UNKNOWN) covers the
 * overlap; touching or overlapping pieces with the same showAs become one interval.
 */
export function mergeBusyIntervals(
  intervals: readonly BusyInterval[],
  window: { start: Date; end: Date },
): BusyInterval[] {
  const lo = window.start.getTime();
  const hi = window.end.getTime();
  const clipped = intervals
    .filter((i) => blocksTime(i.showAs))
    .map((i) => ({
      start: Math.max(i.start.getTime(), lo),
      end: Math.min(i.end.getTime(), hi),
      rank: BLOCKING_RANK[i.showAs]!,
      showAs: i.showAs,
    }))
    .filter((i) => i.end > i.start);
  const points = [...new Set(clipped.flatMap((i) => [i.start, i.end]))].sort((a, b) => a - b);
  const merged: { start: number; end: number; showAs: ShowAs }[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k]!;
    const to = points[k + 1]!;
    let strongest: (typeof clipped)[number] | undefined;
    for (const i of clipped) {
      if (i.start <= from && i.end >= to && (!strongest || i.rank > strongest.rank)) strongest = i;
    }
    if (!strongest) continue;
    const last = merged.at(-1);
    if (last && last.end === from && last.showAs === strongest.showAs) last.end = to;
    else merged.push({ start: from, end: to, showAs: strongest.showAs });
  }
  return merged.map((m) => ({ start: new Date(m.start), end: new Date(m.end), showAs: m.showAs }));
}
