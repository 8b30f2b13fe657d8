import { isStrippedOccurrence, type GraphEventDto } from './event-dto.ts';
import type {
  AttendeeType,
  EventType,
  ResponseStatus as AttendeeResponse,
  Sensitivity,
  ShowAs,
} from '../../../db/schema/enums.ts';
import type {
  StoredAttendee as Attendee,
  StoredEmailAddress as EmailAddress,
  StoredLocation as EventLocation,
} from '../../../db/schema/events.ts';
import type { SourceEvent } from '../../../sync/source-event.ts';
import { extractOnlineMeeting } from './online-meeting.ts';
import { graphDateTimeToUtc, resolveIanaTimeZone } from '../../../events/time-zones.ts';
import { maskPrivateRow } from '../../../events/mask-private-event.ts';

export interface MapEventOptions {
  /** The series master, required when `event` is a stripped occurrence. */
  master?: GraphEventDto | undefined;
  /** Connector setting: drop everything but times and showAs for private events. */
  maskPrivate: boolean;
}

export type MapEventResult =
  | { ok: true; row: SourceEvent }
  /** A stripped occurrence arrived without its master: fetch it and map again. */
  | { ok: false; reason: 'master-missing'; seriesMasterId: string }
  /** start/end cannot be placed on the time line (malformed, or a zone nobody knows). */
  | { ok: false; reason: 'invalid-time'; detail: string };

/**
 * Graph event → stored row. Pure. Stripped occurrences take every descriptive
 * field from their master and keep their own id, type and times; without the
 * master the result says so instead of producing an untitled row.
 */
export function mapGraphEvent(event: GraphEventDto, options: MapEventOptions): MapEventResult {
  let source: GraphEventDto = event;
  let changeKey = readChangeKey(event);
  if (isStrippedOccurrence(event)) {
    const seriesMasterId = event.seriesMasterId ?? '';
    if (!options.master || options.master.id !== seriesMasterId)
      return { ok: false, reason: 'master-missing', seriesMasterId };
    source = options.master;
    // An edit of the whole series changes only the master: fold its key in so occurrences get rewritten.
    changeKey = `${changeKey ?? ''}|${readChangeKey(options.master) ?? ''}`;
  }

  const isAllDay = source.isAllDay ?? false;
  const startAt = isAllDay ? allDayMidnight(event.start) : graphDateTimeToUtc(event.start);
  const endAt = isAllDay ? allDayMidnight(event.end) : graphDateTimeToUtc(event.end);
  if (!startAt || !endAt) {
    return {
      ok: false,
      reason: 'invalid-time',
      detail: `cannot convert ${event.start.dateTime} ${event.start.timeZone ?? ''} / ${event.end.dateTime} ${event.end.timeZone ?? ''}`,
    };
  }

  const row: SourceEvent = {
    sourceId: event.id,
    iCalUId: event.iCalUId ?? null,
    type: mapEventType(event),
    seriesMasterId: event.seriesMasterId ?? null,
    subject: source.subject ?? null,
    startAt,
    endAt,
    isAllDay,
    timeZone: resolveIanaTimeZone(source.originalStartTimeZone ?? source.start.timeZone),
    showAs: mapShowAs(source.showAs),
    sensitivity: mapSensitivity(source.sensitivity),
    isCancelled: event.isCancelled ?? false,
    organizer: mapEmailAddress(source.organizer?.emailAddress),
    attendees: (source.attendees ?? []).map(mapAttendee),
    location: mapLocationText(source),
    locations: mapLocations(source),
    onlineMeeting: extractOnlineMeeting(source),
    categories: source.categories ?? [],
    changeKey,
    lastModifiedAt: parseInstant(event.lastModifiedDateTime ?? source.lastModifiedDateTime),
  };
  return { ok: true, row: options.maskPrivate && row.sensitivity === 'PRIVATE' ? maskPrivateRow(row) : row };
}

const EVENT_TYPE: Readonly<Record<string, EventType>> = {
  singleinstance: 'SINGLE_INSTANCE',
  occurrence: 'OCCURRENCE',
  exception: 'EXCEPTION',
  seriesmaster: 'SERIES_MASTER',
};

function mapEventType(event: GraphEventDto): EventType {
  const type = event.type?.toLowerCase();
  const known = type ? EVENT_TYPE[type] : undefined;
  if (known) return known;
  // `type` missing (trimmed payloads): an item with a master is an occurrence.
  return event.seriesMasterId ? 'OCCURRENCE' : 'SINGLE_INSTANCE';
}

const SHOW_AS: Readonly<Record<string, ShowAs>> = {
  free: 'FREE',
  tentative: 'TENTATIVE',
  busy: 'BUSY',
  oof: 'OOF',
  workingelsewhere: 'WORKING_ELSEWHERE',
  unknown: 'UNKNOWN',
};

function mapShowAs(value: string | null | undefined): ShowAs {
  return (value && SHOW_AS[value.toLowerCase()]) || 'UNKNOWN';
}

const SENSITIVITY: Readonly<Record<string, Sensitivity>> = {
  normal: 'NORMAL',
  personal: 'PERSONAL',
  private: 'PRIVATE',
  confidential: 'CONFIDENTIAL',
};

function mapSensitivity(value: string | null | undefined): Sensitivity {
  return (value && SENSITIVITY[value.toLowerCase()]) || 'NORMAL';
}

const ATTENDEE_TYPE: Readonly<Record<string, AttendeeType>> = {
  required: 'REQUIRED',
  optional: 'OPTIONAL',
  resource: 'RESOURCE',
};

const RESPONSE: Readonly<Record<string, AttendeeResponse>> = {
  none: 'NONE',
  organizer: 'ORGANIZER',
  tentativelyaccepted: 'TENTATIVELY_ACCEPTED',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  notresponded: 'NOT_RESPONDED',
};

function mapAttendee(attendee: NonNullable<GraphEventDto['attendees']>[number]): Attendee {
  const response = attendee.status?.response?.toLowerCase();
  const type = attendee.type?.toLowerCase();
  return {
    emailAddress: mapEmailAddress(attendee.emailAddress) ?? { name: null, address: null },
    type: (type && ATTENDEE_TYPE[type]) || 'REQUIRED',
    response: (response && RESPONSE[response]) || 'NONE',
  };
}

function mapEmailAddress(
  value: { name?: string | null | undefined; address?: string | null | undefined } | null | undefined,
): EmailAddress | null {
  const name = nonEmpty(value?.name);
  const address = nonEmpty(value?.address);
  return name === null && address === null ? null : { name, address };
}

type GraphLocation = NonNullable<GraphEventDto['location']>;

function mapLocationText(event: GraphEventDto): string | null {
  const own = nonEmpty(event.location?.displayName);
  if (own !== null) return own;
  const names = (event.locations ?? [])
    .map((l) => nonEmpty(l.displayName))
    .filter((n): n is string => n !== null);
  return names.length > 0 ? names.join('; ') : null;
}

function mapLocations(event: GraphEventDto): EventLocation[] {
  const list =
    event.locations && event.locations.length > 0 ? event.locations : event.location ? [event.location] : [];
  return list.map(mapLocation).filter((l) => l.displayName !== null || l.address !== null || l.uri !== null);
}

function mapLocation(location: GraphLocation): EventLocation {
  const a = location.address;
  const parts = a
    ? [a.street, a.city, a.state, a.postalCode, a.countryOrRegion]
        .map(nonEmpty)
        .filter((p): p is string => p !== null)
    : [];
  return {
    displayName: nonEmpty(location.displayName),
    address: parts.length > 0 ? parts.join(', ') : null,
    uri: nonEmpty(location.locationUri),
  };
}

/** Graph's changeKey, or the same value carried in the weak etag `W/"<changeKey>"`. */
function readChangeKey(event: GraphEventDto): string | null {
  if (event.changeKey) return event.changeKey;
  const etag = event['@odata.etag'];
  if (!etag) return null;
  return /^W\/"(.*)"$/.exec(etag)?.[1] ?? etag;
}

/**
 * An all-day event is dates: Graph sends midnights whatever zone was asked for, sometimes labelled
 * with that zone anyway (docs/microsoft-graph.md §9.4), so the label is ignored and the date kept.
 */
function allDayMidnight(value: { dateTime: string }): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.dateTime.trim());
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) ? null : new Date(ms);
}

function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
