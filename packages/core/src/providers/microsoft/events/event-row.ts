import type { OnlineMeeting } from './online-meeting.ts';

export type EventType = 'SINGLE_INSTANCE' | 'OCCURRENCE' | 'EXCEPTION' | 'SERIES_MASTER';
export type ShowAs = 'FREE' | 'TENTATIVE' | 'BUSY' | 'OOF' | 'WORKING_ELSEWHERE' | 'UNKNOWN';
export type Sensitivity = 'NORMAL' | 'PERSONAL' | 'PRIVATE' | 'CONFIDENTIAL';
export type AttendeeType = 'REQUIRED' | 'OPTIONAL' | 'RESOURCE';
export type AttendeeResponse =
  'NONE' | 'ORGANIZER' | 'TENTATIVELY_ACCEPTED' | 'ACCEPTED' | 'DECLINED' | 'NOT_RESPONDED';

export interface EmailAddress {
  name: string | null;
  address: string | null;
}

export interface Attendee {
  emailAddress: EmailAddress;
  type: AttendeeType;
  response: AttendeeResponse;
}

export interface EventLocation {
  displayName: string | null;
  /** Postal address flattened to one line. */
  address: string | null;
  uri: string | null;
}

/** A Graph event as calsync stores it: provider-neutral, UTC instants, contract enums. */
export interface EventRow {
  sourceId: string;
  iCalUId: string | null;
  type: EventType;
  seriesMasterId: string | null;
  /** Null when the event is private and the connector masks private events. */
  subject: string | null;
  startAt: Date;
  endAt: Date;
  isAllDay: boolean;
  /** IANA zone the event was created in; null for custom or unknown zones. */
  timeZone: string | null;
  showAs: ShowAs;
  sensitivity: Sensitivity;
  isCancelled: boolean;
  organizer: EmailAddress | null;
  attendees: Attendee[];
  location: string | null;
  locations: EventLocation[];
  onlineMeeting: OnlineMeeting | null;
  categories: string[];
  /** Changes whenever the stored row would change; upserts skip rows whose key is unchanged. */
  changeKey: string | null;
  lastModifiedAt: Date | null;
}
