import type { NormalizedRecurrence } from './recurrence.ts';
import type { ResolvedZone } from './time-zones.ts';
import type { EventInput, PatternedRecurrenceInput } from './types.ts';

/** Everything a user can set on an event except its times and recurrence. */
export type EventFields = Omit<EventInput, 'start' | 'end' | 'recurrence'>;

/** When an event (or one occurrence) happens; instants in UTC ms. */
export interface EventTiming {
  startUtc: number;
  endUtc: number;
  startZone: ResolvedZone;
  endZone: ResolvedZone;
  isAllDay: boolean;
}

/** An occurrence the user edited (type "exception"); unset override fields inherit from the master. */
export interface ExceptionRecord {
  id: string;
  day: number;
  overrides: Partial<EventFields>;
  timing: EventTiming | undefined;
  changeKey: string;
  modifiedMs: number;
}

/** Recurrence state of a series master. */
export interface SeriesInfo {
  input: PatternedRecurrenceInput;
  rec: NormalizedRecurrence;
  zone: ResolvedZone;
  timeOfDayMs: number;
  durationLocalMs: number;
  lastDay: number | undefined;
  exceptions: Map<number, ExceptionRecord>;
  cancelled: Set<number>;
}

/** A stored item: a single event or a series master. */
export interface StoredEvent {
  id: string;
  seq: number;
  /** seq of the event when it was created: a folder move gives it a new seq (and regular id), never a new origin. */
  originSeq: number;
  mailboxId: string;
  createdMs: number;
  modifiedMs: number;
  changeKey: string;
  fields: EventFields;
  timing: EventTiming;
  isCancelled: boolean;
  series: SeriesInfo | undefined;
  /** Conservative bounds of everything this item can show in a view (Infinity for noEnd series). */
  spanStartUtc: number;
  spanEndUtc: number;
}

/** One entry of an expanded view: a single, an occurrence or an exception. */
export interface ViewItem {
  id: string;
  type: 'singleInstance' | 'occurrence' | 'exception';
  event: StoredEvent;
  day: number | undefined;
  exception: ExceptionRecord | undefined;
  timing: EventTiming;
  originalStartUtc: number | undefined;
  /** Changes whenever what Graph would return for this item changes; drives delta. */
  fingerprint: string;
}
