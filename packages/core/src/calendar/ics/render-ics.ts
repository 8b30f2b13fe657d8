import type { EventRow } from '../../db/index.ts';
import { escapeText, foldLine, localDate, quoteParam, utcDateTime } from './ics-text.ts';

export interface IcsCalendar {
  name: string;
  /** Suggested refresh interval for clients, in minutes. */
  refreshMinutes: number;
  events: readonly EventRow[];
}

/** FREE and WORKING_ELSEWHERE leave the time available, as in availability (docs/architecture.md). */
const TRANSPARENT = new Set(['FREE', 'WORKING_ELSEWHERE']);

function eventLines(event: EventRow): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${event.id}@calsync`, `DTSTAMP:${utcDateTime(event.syncedAt)}`];
  if (event.isAllDay) {
    // An all-day event is dates (calendar/mailbox-time-zone.ts); rows without them predate storing them.
    const zone = event.timeZone ?? 'UTC';
    lines.push(`DTSTART;VALUE=DATE:${icsDate(event.startDate) ?? localDate(event.startAt, zone)}`);
    lines.push(`DTEND;VALUE=DATE:${icsDate(event.endDate) ?? localDate(event.endAt, zone)}`);
  } else {
    lines.push(`DTSTART:${utcDateTime(event.startAt)}`, `DTEND:${utcDateTime(event.endAt)}`);
  }
  // A masked private event has no subject: show the time as taken, nothing more.
  lines.push(`SUMMARY:${escapeText(event.subject ?? 'Busy')}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.organizer?.address) {
    const name = event.organizer.name ? `;CN=${quoteParam(event.organizer.name)}` : '';
    lines.push(`ORGANIZER${name}:mailto:${event.organizer.address}`);
  }
  if (event.onlineMeeting) lines.push(`URL:${event.onlineMeeting.joinUrl}`);
  if (event.categories.length > 0) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  lines.push(`TRANSP:${TRANSPARENT.has(event.showAs) ? 'TRANSPARENT' : 'OPAQUE'}`);
  if (event.sensitivity === 'PRIVATE' || event.sensitivity === 'CONFIDENTIAL') lines.push('CLASS:PRIVATE');
  lines.push(
    `STATUS:${event.isCancelled ? 'CANCELLED' : event.showAs === 'TENTATIVE' ? 'TENTATIVE' : 'CONFIRMED'}`,
  );
  if (event.lastModifiedAt) lines.push(`LAST-MODIFIED:${utcDateTime(event.lastModifiedAt)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** A stored `YYYY-MM-DD` as an iCalendar DATE. */
function icsDate(date: string | null): string | null {
  return date === null ? null : date.replaceAll('-', '');
}

/** One mailbox's events as an iCalendar (RFC 5545) PUBLISH calendar, CRLF line endings. */
export function renderIcs(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calsync//ICS feed//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshMinutes}M`,
    `X-PUBLISHED-TTL:PT${calendar.refreshMinutes}M`,
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
