export interface BoardEvent {
  id: string;
  subject: string | null;
  start: string;
  end: string;
  isAllDay: boolean;
  showAs: string;
  isCancelled: boolean;
  sensitivity: string;
}

export interface RoomState {
  /** The meeting in progress, if any. */
  current: BoardEvent | null;
  /** The next meeting after now (after the current one, if any). */
  next: BoardEvent | null;
  /** When the room becomes free (the end of back-to-back meetings), when busy. */
  busyUntil: Date | null;
  /** When the room stops being free, when free; null when nothing else is booked in view. */
  freeUntil: Date | null;
}

/** Bookings that block the room: not cancelled, not shown as free. */
const blocks = (e: BoardEvent) => !e.isCancelled && e.showAs !== 'FREE';

export function roomState(events: readonly BoardEvent[], now: Date): RoomState {
  const booked = events.filter(blocks).sort((a, b) => a.start.localeCompare(b.start));
  const t = now.getTime();
  const current = booked.find((e) => Date.parse(e.start) <= t && Date.parse(e.end) > t) ?? null;
  if (!current) {
    const next = booked.find((e) => Date.parse(e.start) > t) ?? null;
    return { current: null, next, busyUntil: null, freeUntil: next ? new Date(next.start) : null };
  }
  // Back-to-back meetings keep the room busy: walk the chain to the first gap.
  let until = Date.parse(current.end);
  for (const e of booked) {
    if (Date.parse(e.start) <= until && Date.parse(e.end) > until) until = Date.parse(e.end);
  }
  const next =
    booked.find((e) => Date.parse(e.start) >= Date.parse(current.end) && e.id !== current.id) ?? null;
  return { current, next, busyUntil: new Date(until), freeUntil: null };
}
