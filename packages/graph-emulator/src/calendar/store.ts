import type { CalendarStore, CalendarStoreOptions } from './types.ts';

/** Creates an empty in-memory calendar store. (Implementation in progress.) */
export function createCalendarStore(_options: CalendarStoreOptions): CalendarStore {
  throw new Error('createCalendarStore: not implemented yet');
}
