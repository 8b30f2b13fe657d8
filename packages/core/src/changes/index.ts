export { encodeChangeCursor, decodeChangeCursor } from './change-cursor.ts';
export {
  readEventChanges,
  MAX_CHANGES_PER_PAGE,
  type EventChangeEntry,
  type EventChangePage,
  type ReadEventChangesArgs,
} from './read-event-changes.ts';
export { trimEventChanges, type TrimEventChangesOptions } from './trim-event-changes.ts';
export { scheduleChangeTrim, CHANGE_TRIM_SCHEDULER_ID } from './schedule-trim.ts';
export {
  followEventChanges,
  type EventChangeFollower,
  type FollowEventChangesOptions,
} from './follow-event-changes.ts';
