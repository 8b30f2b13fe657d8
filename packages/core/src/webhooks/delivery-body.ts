import type { EventChangeEntry } from '../changes/index.ts';
import type { EventRow } from '../db/index.ts';

/**
 * The JSON a receiver gets (docs/change-feed.md, "Webhooks"): the changes as `eventChanges`
 * returns them — with `sequence` to recognise a redelivered change — and the cursor through
 * which this batch reaches (also the `after` to read the same changes with `eventChanges`).
 */
export interface WebhookBody {
  changes: WebhookChange[];
  cursor: string;
}

export interface WebhookChange {
  sequence: number;
  cursor: string;
  changeType: EventChangeEntry['changeType'];
  kind: EventChangeEntry['kind'];
  eventId: string;
  mailboxId: string;
  committedAt: string;
  event: Record<string, unknown> | null;
}

/** The event as GraphQL's `Event` names its fields (the mailbox as its id). */
function eventFields(event: EventRow): Record<string, unknown> {
  return {
    id: event.id,
    mailboxId: event.mailboxId,
    sourceId: event.sourceId,
    iCalUId: event.iCalUid,
    type: event.type,
    seriesMasterId: event.seriesMasterId,
    subject: event.subject,
    start: event.startAt.toISOString(),
    end: event.endAt.toISOString(),
    isAllDay: event.isAllDay,
    timeZone: event.timeZone,
    showAs: event.showAs,
    sensitivity: event.sensitivity,
    isCancelled: event.isCancelled,
    organizer: event.organizer,
    attendees: event.attendees,
    location: event.location,
    locations: event.locations,
    onlineMeeting: event.onlineMeeting,
    categories: event.categories,
    lastModifiedAt: event.lastModifiedAt?.toISOString() ?? null,
    syncedAt: event.syncedAt.toISOString(),
  };
}

export function webhookBody(changes: readonly EventChangeEntry[], cursor: string): WebhookBody {
  return {
    changes: changes.map((c) => ({
      sequence: c.seq,
      cursor: c.cursor,
      changeType: c.changeType,
      kind: c.kind,
      eventId: c.eventId,
      mailboxId: c.mailboxId,
      committedAt: c.committedAt.toISOString(),
      event: c.event ? eventFields(c.event) : null,
    })),
    cursor,
  };
}
