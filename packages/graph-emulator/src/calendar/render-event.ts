import {
  dayOf,
  DAY_MS,
  formatDay,
  formatLocalDateTime,
  formatUtcOffsetDateTime,
  formatUtcSeconds,
} from './date-format.ts';
import type { EventFields, EventTiming, StoredEvent, ViewItem } from './event-model.ts';
import { makeICalUId } from './event-ids.ts';
import { DAY_NAMES } from './recurrence.ts';
import type { ResolvedZone, ZoneCalculator } from './time-zones.ts';
import type { GraphEvent } from './types.ts';

const NO_RESPONSE_TIME = '0001-01-01T00:00:00Z';

/** Graph `dateTimeTimeZone` of an instant in the requested zone; all-day events stay floating midnights. */
export function renderDateTime(
  zones: ZoneCalculator,
  utcMs: number,
  ownZone: ResolvedZone,
  outputZone: ResolvedZone,
  isAllDay: boolean,
): { dateTime: string; timeZone: string } {
  if (isAllDay) {
    const ownLocal = zones.utcToLocal(ownZone, utcMs);
    return { dateTime: formatLocalDateTime(dayOf(ownLocal) * DAY_MS), timeZone: outputZone.windows };
  }
  return { dateTime: formatLocalDateTime(zones.utcToLocal(outputZone, utcMs)), timeZone: outputZone.windows };
}

function stripHtml(content: string): string {
  return content
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<br\s*\/?>/gi, '\r\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .trim();
}

function bodyPreview(fields: EventFields): string {
  const body = fields.body;
  if (body === undefined) return '';
  const text = body.contentType === 'html' ? stripHtml(body.content) : body.content;
  return text.slice(0, 255);
}

/** Graph's wire form of a recurrence: every field present, irrelevant ones defaulted (graph-spec §2.3). */
export function renderRecurrence(event: StoredEvent): Record<string, unknown> | null {
  const series = event.series;
  if (series === undefined) return null;
  const { rec } = series;
  const absolute = rec.type === 'absoluteMonthly' || rec.type === 'absoluteYearly';
  const yearly = rec.type === 'absoluteYearly' || rec.type === 'relativeYearly';
  return {
    pattern: {
      type: rec.type,
      interval: rec.interval,
      month: yearly ? rec.month : 0,
      dayOfMonth: absolute ? rec.dayOfMonth : 0,
      daysOfWeek: rec.type === 'daily' || absolute ? [] : rec.daysOfWeek.map((d) => DAY_NAMES[d]),
      firstDayOfWeek: DAY_NAMES[rec.firstDayOfWeek],
      index: rec.index,
    },
    range: {
      type: rec.rangeType,
      startDate: formatDay(rec.startDay),
      endDate: rec.endDay === undefined ? '0001-01-01' : formatDay(rec.endDay),
      recurrenceTimeZone: series.zone.windows,
      numberOfOccurrences: rec.count ?? 0,
    },
  };
}

function locationOf(fields: EventFields): Record<string, unknown> {
  const location = fields.location;
  if (location === undefined) {
    return {
      displayName: '',
      locationType: 'default',
      uniqueIdType: 'unknown',
      address: {},
      coordinates: {},
    };
  }
  return {
    displayName: location.displayName,
    locationType: location.locationType ?? 'default',
    uniqueId: location.uniqueId ?? location.displayName,
    uniqueIdType: location.uniqueIdType ?? 'private',
    address: location.address ?? {},
    coordinates: location.coordinates ?? {},
  };
}

interface RenderSource {
  id: string;
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  event: StoredEvent;
  fields: EventFields;
  timing: EventTiming;
  changeKey: string;
  modifiedMs: number;
  day: number | undefined;
  originalStartUtc: number | undefined;
}

function renderSource(zones: ZoneCalculator, source: RenderSource, outputZone: ResolvedZone): GraphEvent {
  const { event, fields, timing } = source;
  const isOrganizer = fields.isOrganizer ?? true;
  const createdIso = formatUtcOffsetDateTime(event.createdMs);
  const rendered: GraphEvent = {
    '@odata.etag': `W/"${source.changeKey}"`,
    id: source.id,
    createdDateTime: createdIso,
    lastModifiedDateTime: formatUtcOffsetDateTime(source.modifiedMs),
    changeKey: source.changeKey,
    categories: fields.categories ?? [],
    transactionId: null,
    originalStartTimeZone: timing.startZone.windows,
    originalEndTimeZone: timing.endZone.windows,
    iCalUId: makeICalUId(event.mailboxId, event.originSeq, source.day),
    reminderMinutesBeforeStart: fields.reminderMinutesBeforeStart ?? 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: fields.subject ?? '',
    bodyPreview: bodyPreview(fields),
    importance: fields.importance ?? 'normal',
    sensitivity: fields.sensitivity ?? 'normal',
    isAllDay: timing.isAllDay,
    isCancelled: source.event.isCancelled,
    isOrganizer,
    responseRequested: true,
    seriesMasterId: source.type === 'occurrence' || source.type === 'exception' ? event.id : null,
    showAs: fields.showAs ?? 'busy',
    type: source.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(source.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: fields.isOnlineMeeting ?? false,
    onlineMeetingProvider: fields.onlineMeetingProvider ?? 'unknown',
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: isOrganizer
      ? { response: 'organizer', time: NO_RESPONSE_TIME }
      : { response: 'accepted', time: formatUtcSeconds(event.createdMs) },
    body: fields.body ?? { contentType: 'html', content: '' },
    start: renderDateTime(zones, timing.startUtc, timing.startZone, outputZone, timing.isAllDay),
    end: renderDateTime(zones, timing.endUtc, timing.startZone, outputZone, timing.isAllDay),
    location: locationOf(fields),
    locations: (fields.locations ?? (fields.location === undefined ? [] : [fields.location])).map((l) =>
      locationOf({ ...fields, location: l }),
    ),
    recurrence: source.type === 'seriesMaster' ? renderRecurrence(event) : null,
    attendees: (fields.attendees ?? []).map((a) => ({
      type: a.type,
      status: a.status ?? { response: 'none', time: NO_RESPONSE_TIME },
      emailAddress: a.emailAddress,
    })),
    organizer: fields.organizer ?? { emailAddress: { name: '', address: '' } },
    onlineMeeting: fields.onlineMeeting ?? null,
  };
  if (source.originalStartUtc !== undefined)
    rendered['originalStart'] = formatUtcSeconds(source.originalStartUtc);
  return rendered;
}

/** Full Graph JSON of a stored event (single or series master), as GET /events/{id} returns it. */
export function renderStoredEvent(
  zones: ZoneCalculator,
  event: StoredEvent,
  outputZone: ResolvedZone,
): GraphEvent {
  return renderSource(
    zones,
    {
      id: event.id,
      type: event.series === undefined ? 'singleInstance' : 'seriesMaster',
      event,
      fields: event.fields,
      timing: event.timing,
      changeKey: event.changeKey,
      modifiedMs: event.modifiedMs,
      day: undefined,
      originalStartUtc: undefined,
    },
    outputZone,
  );
}

/** Full Graph JSON of a view item (single, occurrence or exception), as calendarView returns it. */
export function renderViewItem(zones: ZoneCalculator, item: ViewItem, outputZone: ResolvedZone): GraphEvent {
  const exception = item.exception;
  return renderSource(
    zones,
    {
      id: item.id,
      type: item.type,
      event: item.event,
      fields: exception === undefined ? item.event.fields : { ...item.event.fields, ...exception.overrides },
      timing: item.timing,
      changeKey: exception?.changeKey ?? item.event.changeKey,
      modifiedMs: Math.max(exception?.modifiedMs ?? 0, item.event.modifiedMs),
      day: item.day,
      originalStartUtc: item.originalStartUtc,
    },
    outputZone,
  );
}
