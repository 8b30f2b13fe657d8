import type { EventType, ResponseStatus, Sensitivity, ShowAs } from '../../db/schema/enums.ts';
import type { StoredAttendee } from '../../db/schema/events.ts';
import type { SourceEvent } from '../../sync/source-event.ts';
import { maskPrivateRow } from '../../events/mask-private-event.ts';
import {
  findFirstMeetingLink,
  htmlToSearchableText,
  type OnlineMeeting,
} from '../../events/meeting-links.ts';
import { resolveIanaTimeZone } from '../../events/time-zones.ts';
import type { EwsCalendarItem } from './calendar-item.ts';
import { allDayDates, parseEwsInstant } from './ews-time.ts';

export type MapCalendarItemResult =
  { ok: true; row: SourceEvent } | { ok: false; reason: 'invalid-time'; detail: string };

const TYPES: Readonly<Record<string, EventType>> = {
  Single: 'SINGLE_INSTANCE',
  Occurrence: 'OCCURRENCE',
  Exception: 'EXCEPTION',
  RecurringMaster: 'SERIES_MASTER',
};

/** EWSR legacyfreebusystatus → the contract's showAs. */
const SHOW_AS: Readonly<Record<string, ShowAs>> = {
  Free: 'FREE',
  Tentative: 'TENTATIVE',
  Busy: 'BUSY',
  OOF: 'OOF',
  WorkingElsewhere: 'WORKING_ELSEWHERE',
  NoData: 'UNKNOWN',
};

const SENSITIVITY: Readonly<Record<string, Sensitivity>> = {
  Normal: 'NORMAL',
  Personal: 'PERSONAL',
  Private: 'PRIVATE',
  Confidential: 'CONFIDENTIAL',
};

/** EWSR responsetypetype → the contract's attendee response. */
const RESPONSE: Readonly<Record<string, ResponseStatus>> = {
  Unknown: 'NONE',
  Organizer: 'ORGANIZER',
  Tentative: 'TENTATIVELY_ACCEPTED',
  Accept: 'ACCEPTED',
  Decline: 'DECLINED',
  NoResponseReceived: 'NOT_RESPONDED',
};

const ATTENDEE_TYPE = { required: 'REQUIRED', optional: 'OPTIONAL', resource: 'RESOURCE' } as const;

/**
 * Join link of an on-premises item: the Teams link property, then the Lync/Skype JoinOnlineMeetingUrl, then any
 * recognisable link in the location or body. Room copies usually have no body (DeleteComments, §7).
 */
function onlineMeetingOf(item: EwsCalendarItem): OnlineMeeting | null {
  const teams = item.extended['PublicStrings:SkypeTeamsMeetingUrl']?.trim();
  if (teams) return findFirstMeetingLink(teams) ?? { provider: 'TEAMS', joinUrl: teams, conferenceId: null };
  const lync = item.joinOnlineMeetingUrl?.trim();
  if (lync) return findFirstMeetingLink(lync) ?? { provider: 'OTHER', joinUrl: lync, conferenceId: null };
  const body = item.body
    ? item.body.type === 'Text'
      ? item.body.content
      : htmlToSearchableText(item.body.content)
    : null;
  for (const candidate of [item.location, body]) {
    const found = candidate ? findFirstMeetingLink(candidate) : null;
    if (found) return found;
  }
  return null;
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * EWS CalendarItem → the provider-neutral event row (same shape as Graph rows). Pure. Occurrences carry no
 * master id in EWS; their UID (shared by the series) and RecurrenceId identify them, the ItemId keys the row.
 */
export function mapCalendarItem(
  item: EwsCalendarItem,
  options: { maskPrivate: boolean },
): MapCalendarItemResult {
  const start = parseEwsInstant(item.start);
  const end = parseEwsInstant(item.end);
  if (!start || !end)
    return {
      ok: false,
      reason: 'invalid-time',
      detail: `cannot read Start ${item.start ?? '∅'} / End ${item.end ?? '∅'}`,
    };
  const isAllDay = item.isAllDayEvent ?? false;
  const bounds = isAllDay ? allDayDates(start, end, item.startTimeZone) : { start, end };
  const attendees: StoredAttendee[] = item.attendees.map((a) => ({
    emailAddress: { name: nonEmpty(a.mailbox.name), address: nonEmpty(a.mailbox.address) },
    type: ATTENDEE_TYPE[a.kind],
    response: (a.responseType && RESPONSE[a.responseType]) || 'NONE',
  }));
  const location = nonEmpty(item.location);
  const organizer = item.organizer
    ? { name: nonEmpty(item.organizer.name), address: nonEmpty(item.organizer.address) }
    : null;
  const lastModified = parseEwsInstant(item.lastModifiedTime);
  const row: SourceEvent = {
    sourceId: item.itemId,
    iCalUId: item.uid,
    type: (item.calendarItemType && TYPES[item.calendarItemType]) || 'SINGLE_INSTANCE',
    seriesMasterId: null,
    subject: item.subject,
    startAt: bounds.start,
    endAt: bounds.end,
    isAllDay,
    timeZone: resolveIanaTimeZone(item.startTimeZone),
    showAs: (item.legacyFreeBusyStatus && SHOW_AS[item.legacyFreeBusyStatus]) || 'UNKNOWN',
    sensitivity: (item.sensitivity && SENSITIVITY[item.sensitivity]) || 'NORMAL',
    isCancelled: item.isCancelled ?? false,
    organizer: organizer && (organizer.name !== null || organizer.address !== null) ? organizer : null,
    attendees,
    location,
    locations: location === null ? [] : [{ displayName: location, address: null, uri: null }],
    onlineMeeting: onlineMeetingOf(item),
    categories: item.categories,
    changeKey: item.changeKey,
    lastModifiedAt: lastModified,
  };
  return { ok: true, row: options.maskPrivate && row.sensitivity === 'PRIVATE' ? maskPrivateRow(row) : row };
}
