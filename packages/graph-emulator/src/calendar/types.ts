/**
 * Public types of the emulator's calendar domain. Pure data: no HTTP, no I/O.
 * Shapes follow Microsoft Graph v1.0 (graph-reference/graph-spec.md §2–§3).
 */

/** Source of "now" for createdDateTime/lastModifiedDateTime; controllable in tests. */
export interface Clock {
  now(): Date;
}

/** Graph event JSON exactly as Graph serialises it (the subset calsync uses plus what the samples show). */
export type GraphEvent = Record<string, unknown> & { id: string };

/** Graph `dateTimeTimeZone`: local wall time without offset; `timeZone` is a Windows or IANA name. */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** Graph `emailAddress`. */
export interface EmailAddress {
  name: string;
  address: string;
}

/** Graph `attendee` as a user supplies it (status defaults to none). */
export interface AttendeeInput {
  type: 'required' | 'optional' | 'resource';
  emailAddress: EmailAddress;
  status?: { response: string; time: string } | undefined;
}

/** Graph `location` (subset). */
export interface LocationInput {
  displayName: string;
  locationType?: string | undefined;
  uniqueId?: string | undefined;
  uniqueIdType?: string | undefined;
  address?: Record<string, string> | undefined;
  coordinates?: { latitude: number; longitude: number } | undefined;
}

/** Graph day-of-week names. */
export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/** Graph week index for relative patterns. */
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';

/** Graph `recurrencePattern`. Fields not used by a type may be omitted on input. */
export interface RecurrencePatternInput {
  type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
  interval: number;
  daysOfWeek?: DayOfWeek[] | undefined;
  firstDayOfWeek?: DayOfWeek | undefined;
  dayOfMonth?: number | undefined;
  month?: number | undefined;
  index?: WeekIndex | undefined;
}

/** Graph `recurrenceRange`. Dates are YYYY-MM-DD; recurrenceTimeZone defaults to the start time zone. */
export interface RecurrenceRangeInput {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate?: string | undefined;
  numberOfOccurrences?: number | undefined;
  recurrenceTimeZone?: string | undefined;
}

/** Graph `patternedRecurrence`. */
export interface PatternedRecurrenceInput {
  pattern: RecurrencePatternInput;
  range: RecurrenceRangeInput;
}

/** What a user creates in Outlook: Graph-style fields. start/end timeZone may be a Windows or IANA name. */
export interface EventInput {
  subject: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  body?: { contentType: 'html' | 'text'; content: string } | undefined;
  isAllDay?: boolean | undefined;
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown' | undefined;
  sensitivity?: 'normal' | 'personal' | 'private' | 'confidential' | undefined;
  importance?: 'low' | 'normal' | 'high' | undefined;
  location?: LocationInput | undefined;
  locations?: LocationInput[] | undefined;
  attendees?: AttendeeInput[] | undefined;
  organizer?: { emailAddress: EmailAddress } | undefined;
  /** Whether the mailbox owner organises the meeting (default true when organizer is absent or is the mailbox). */
  isOrganizer?: boolean | undefined;
  isOnlineMeeting?: boolean | undefined;
  onlineMeetingProvider?:
    'unknown' | 'teamsForBusiness' | 'skypeForBusiness' | 'skypeForConsumer' | undefined;
  onlineMeeting?: { joinUrl: string } | null | undefined;
  categories?: string[] | undefined;
  reminderMinutesBeforeStart?: number | undefined;
  recurrence?: PatternedRecurrenceInput | null | undefined;
}

/** One delta item: a (possibly stripped) event or a deletion marker. */
export type DeltaItem =
  | GraphEvent
  | { '@odata.type'?: '#microsoft.graph.event' | undefined; id: string; '@removed': { reason: 'deleted' } };

/** Result of one delta page. Exactly one of nextToken/deltaToken is set when ok. */
export type DeltaPageResult =
  | {
      ok: true;
      items: DeltaItem[];
      /** Sync state (round) the page belongs to: lets the server keep replays inside one round. */
      round: number;
      nextToken?: string | undefined;
      deltaToken?: string | undefined;
    }
  | { ok: false; error: 'SyncStateNotFound' | 'InvalidToken' };

/** Window and owner a delta token was issued for (lets the server rebuild links). */
export interface DeltaTokenInfo {
  appId: string;
  mailboxId: string;
  startUtc: Date;
  endUtc: Date;
}

/**
 * Parameters of a delta page request. `token` is a nextToken or deltaToken from a previous page.
 * startUtc/endUtc are required on the first call; with a token they are optional (the token carries the
 * window) and, when given, must match it.
 */
export interface DeltaPageRequest {
  appId: string;
  mailboxId: string;
  startUtc?: Date | undefined;
  endUtc?: Date | undefined;
  token?: string | undefined;
  pageSize: number;
  timeZone?: string | undefined;
  /** Prefer: IdType="ImmutableId": ids (and seriesMasterIds) in their immutable form; a folder move is an update. */
  immutableIds?: boolean | undefined;
  /** Read when a round starts. Field report §3: rounds also carry seriesMaster items (default false). */
  seriesMasters?: boolean | undefined;
  /** Field report §3: a page never splits a series, whatever pageSize says (default false). */
  seriesOnOnePage?: boolean | undefined;
  /**
   * Read when a round starts. true (default, documented): occurrences a series edit or an occurrence deletion
   * removed come back as @removed. false (field): they never do; a deleted series sends only its master's @removed.
   */
  strictSeriesRemovals?: boolean | undefined;
}

/** The in-memory calendar store: Outlook-like mutations plus Graph-like reads. */
export interface CalendarStore {
  /** Creates a single event or a series master (when input.recurrence is set). Appends to the change log. */
  createEvent(mailboxId: string, input: EventInput): GraphEvent;
  /** Same as createEvent but returns only the id (no rendering): the fast path for bulk seeding. */
  importEvent(mailboxId: string, input: EventInput): string;
  /** Edits a single event, a whole series (master id) or one occurrence (occurrence id: it becomes an exception). */
  updateEvent(mailboxId: string, eventId: string, patch: Partial<EventInput>): GraphEvent;
  /** Cancels a meeting: attendee copy of a single stays with isCancelled true; organiser copy is removed; an occurrence disappears. */
  cancelEvent(mailboxId: string, eventId: string): void;
  /** Deletes a single event, a whole series (master id) or one occurrence. */
  deleteEvent(mailboxId: string, eventId: string): void;
  /** Forgets a mailbox and all its events and sync states. */
  removeMailbox(mailboxId: string): void;
  /** Expanded view overlapping [startUtc, endUtc): singles, occurrences, exceptions; sorted by start then id. */
  calendarView(mailboxId: string, startUtc: Date, endUtc: Date, timeZone?: string): GraphEvent[];
  /** One event by id (single, series master with recurrence, occurrence or exception). */
  getEvent(mailboxId: string, eventId: string, timeZone?: string): GraphEvent | undefined;
  /** Occurrences and exceptions of a series overlapping the range; undefined when masterId is not a series master. */
  instances(
    mailboxId: string,
    masterId: string,
    startUtc: Date,
    endUtc: Date,
    timeZone?: string,
  ): GraphEvent[] | undefined;
  /** Moves an event out of the calendar and back (e.g. archived and restored): new regular id, same immutable id. */
  moveToFolder(mailboxId: string, eventId: string): string;
  /** The immutable form of an event or occurrence id (ids that are not ours are returned as they are). */
  toImmutableId(mailboxId: string, id: string): string;
  /** The current regular id behind an immutable id (other ids are returned as they are). */
  toRegularId(mailboxId: string, id: string): string;
  /** One page of calendarView/delta. */
  deltaPage(req: DeltaPageRequest): DeltaPageResult;
  /** Decodes the owner and window of a delta token; undefined when it is not one of ours. */
  inspectDeltaToken(token: string): DeltaTokenInfo | undefined;
  /** Stored events (series masters and singles), for the control API. */
  listEvents(mailboxId: string): GraphEvent[];
}

/** Options of createCalendarStore. */
export interface CalendarStoreOptions {
  clock: Clock;
  /** How many delta sync-state generations are kept per (app, mailbox, window); default 3. */
  syncStateGenerations?: number | undefined;
}
