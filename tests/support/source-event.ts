import type { SourceEvent } from '@calsync/core';

/** A plain single-instance event as a provider would hand it to the sync engine. */
export function sourceEvent(
  sourceId: string,
  subject: string | null,
  extra: Partial<SourceEvent> = {},
): SourceEvent {
  const startAt = new Date('2026-12-04T09:00:00Z');
  return {
    sourceId,
    iCalUId: null,
    type: 'SINGLE_INSTANCE',
    seriesMasterId: null,
    subject,
    startAt,
    endAt: new Date(startAt.getTime() + 1_800_000),
    isAllDay: false,
    timeZone: 'UTC',
    showAs: 'BUSY',
    sensitivity: 'NORMAL',
    isCancelled: false,
    organizer: null,
    attendees: [],
    location: null,
    locations: [],
    onlineMeeting: null,
    categories: [],
    changeKey: `${sourceId}:${subject ?? 'private'}`,
    lastModifiedAt: null,
    ...extra,
  };
}
