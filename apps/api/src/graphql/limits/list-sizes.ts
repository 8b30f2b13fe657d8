// Sizes of lists the cost model cannot read from a `first` argument. `availability` answers one entry
// per address asked, each with busy intervals that grow with the window: its cost must follow
// addresses × days, or many mailboxes over a year's window would reach the database as a cheap query.

/** Busy intervals one mailbox is assumed to have per day of the window (a busy room's working day). */
export const BUSY_INTERVALS_PER_DAY = 8;

const DAY_MS = 86_400_000;

/** Reads a field argument's value (literal or from the request's variables); undefined when absent. */
export type ArgumentReader = (name: string) => unknown;

export interface ListSizing {
  /** Items the field's list holds, or undefined to keep the cost model's default. */
  items: number | undefined;
  /** Sizes of lists below this field (`Type.field` → items per parent item). */
  below: ReadonlyMap<string, number>;
}

/** A list argument's length (GraphQL coerces a single value into a list of one). */
function listLength(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? undefined : 1;
}

/** Whole days in [start, end), at least one; undefined when either is not an instant. */
function windowDays(start: unknown, end: unknown): number | undefined {
  const instant = (value: unknown): number =>
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  const span = instant(end) - instant(start);
  // Not an instant or not a window: the DateTime scalar or the resolver refuses it before any read.
  if (!Number.isFinite(span)) return undefined;
  return Math.max(1, Math.ceil(span / DAY_MS));
}

/** The sizing of `parentType.field`, or undefined when the default (`first`, or a fixed guess) applies. */
export function sizedList(parentType: string, field: string, arg: ArgumentReader): ListSizing | undefined {
  if (parentType === 'Query' && field === 'availability') {
    const days = windowDays(arg('start'), arg('end'));
    return {
      items: listLength(arg('addresses')),
      below: new Map(days === undefined ? [] : [['MailboxAvailability.busy', days * BUSY_INTERVALS_PER_DAY]]),
    };
  }
  return undefined;
}
