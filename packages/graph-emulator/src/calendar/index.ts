/** Calendar domain of the Graph emulator: pure, in-memory, deterministic. */
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
