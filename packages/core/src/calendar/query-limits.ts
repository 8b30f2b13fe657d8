import { badInput } from '../errors/index.ts';

/** Largest page a client may ask for; bigger pages must paginate. */
export const MAX_PAGE_SIZE = 500;
/** Longest [start, end) window a query may cover (a year, plus a leap day). */
export const MAX_WINDOW_DAYS = 366;
/** Most mailboxes (ids plus addresses) one query may name. */
export const MAX_MAILBOXES_PER_QUERY = 1000;

const DAY_MS = 86_400_000;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** start < end and at most MAX_WINDOW_DAYS apart; otherwise BAD_USER_INPUT naming the field. */
export function assertWindow(window: TimeWindow): void {
  const span = window.end.getTime() - window.start.getTime();
  if (!(span > 0)) throw badInput('end', 'must be after start');
  if (span > MAX_WINDOW_DAYS * DAY_MS) {
    throw badInput('end', `the window may span at most ${MAX_WINDOW_DAYS} days`, {
      maxDays: MAX_WINDOW_DAYS,
    });
  }
}

/** 1 ≤ first ≤ max; a clear error above the cap so clients know to paginate. */
export function assertPageSize(first: number, max = MAX_PAGE_SIZE): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput('first', `must be between 1 and ${max}`, { max });
  }
}
