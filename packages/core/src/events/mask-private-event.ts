import type { SourceEvent } from '../sync/source-event.ts';

/**
 * Contract: "private events keep only their times and showAs: no subject,
 * attendees, body-derived fields or join URL". We read that strictly and also
 * drop organizer, locations and categories (each can reveal what the meeting
 * is about). Kept: identity, times, zone, all-day, showAs, sensitivity (so
 * clients can say "Private"), cancelled, and bookkeeping keys.
 */
export function maskPrivateRow(row: SourceEvent): SourceEvent {
  return {
    ...row,
    subject: null,
    organizer: null,
    attendees: [],
    location: null,
    locations: [],
    onlineMeeting: null,
    categories: [],
  };
}
