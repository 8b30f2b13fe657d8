export * from './availability.ts';
export * from './current-and-next.ts';
export * from './find-events.ts';
export { encodeKeyset, decodeKeyset, type KeysetPosition } from './keyset-cursor.ts';
export * from './list-events.ts';
export * from './list-sync-runs.ts';
export * from './mailbox-events.ts';
export {
  effectiveTimeZone,
  requireIanaTimeZone,
  type MailboxTimeZone,
  type MailboxTimeZoneSource,
} from './mailbox-time-zone.ts';
export * from './merge-busy-intervals.ts';
export * from './query-limits.ts';
export * from './ics/index.ts';
