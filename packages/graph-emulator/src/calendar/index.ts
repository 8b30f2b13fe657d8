/** Calendar domain of the Graph emulator: pure, in-memory, deterministic. */
export { EventNotFoundError, InvalidEventInputError } from './errors.ts';
export type {
  AttendeeInput,
  CalendarStore,
  CalendarStoreOptions,
  Clock,
  DateTimeTimeZone,
  DayOfWeek,
  DeltaItem,
  DeltaPageRequest,
  DeltaPageResult,
  DeltaTokenInfo,
  EmailAddress,
  EventInput,
  GraphEvent,
  LocationInput,
  PatternedRecurrenceInput,
  RecurrencePatternInput,
  RecurrenceRangeInput,
  WeekIndex,
} from './types.ts';
export { createCalendarStore } from './store.ts';
