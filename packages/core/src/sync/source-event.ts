import type { EventType, Sensitivity, ShowAs } from '../db/schema/enums.ts';
import type {
  StoredAttendee,
  StoredEmailAddress,
  StoredLocation,
  StoredOnlineMeeting,
} from '../db/schema/events.ts';

/**
 * One event as a provider hands it to the engine: provider-neutral, UTC instants, the contract's
 * enums and the stored JSON shapes (docs/architecture.md, data model). The engine writes it to the
 * `events` row keyed by (tenant, mailbox, sourceId).
 */
export interface SourceEvent {
  /** The provider's id of the event in this mailbox. */
  sourceId: string;
  iCalUId: string | null;
  type: EventType;
  seriesMasterId: string | null;
  /** Null when the event is private and the connector masks private events. */
  subject: string | null;
  /** For an all-day event: the UTC midnights of its first day and of the day after its last (it is dates). */
  startAt: Date;
  endAt: Date;
  isAllDay: boolean;
  /** IANA zone the event was created in; null for custom or unknown zones. */
  timeZone: string | null;
  showAs: ShowAs;
  sensitivity: Sensitivity;
  isCancelled: boolean;
  organizer: StoredEmailAddress | null;
  attendees: StoredAttendee[];
  location: string | null;
  locations: StoredLocation[];
  onlineMeeting: StoredOnlineMeeting | null;
  categories: string[];
  /** Changes whenever the stored row would change; upserts skip rows whose key is unchanged. */
  changeKey: string | null;
  lastModifiedAt: Date | null;
}
