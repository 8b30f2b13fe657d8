import type { GraphEvent } from '@calsync/graph-emulator/calendar';
import { element, escapeXml } from '../soap/xml-text.ts';
import { renderRecurrence } from './recurrence.ts';
import { eventString, ewsInstant, FREE_BUSY, ITEM_TYPE, RESPONSE_TYPE, SENSITIVITY } from './ews-values.ts';

/** One item to render, with what EWS derives from the store around it. */
export interface ItemSource {
  event: GraphEvent;
  itemId: string;
  changeKey: string;
  /** The series master, for an occurrence's UID (shared by the whole series in EWS). */
  master: GraphEvent | undefined;
  /** Address and name of the mailbox owner (organizer of items the owner organises). */
  owner: { address: string; displayName: string };
}

interface Mailbox {
  name: string;
  address: string;
}

type Render = (s: ItemSource, findItem: boolean) => string;

function mailboxXml(m: Mailbox, nameOnly: boolean): string {
  const address = nameOnly
    ? ''
    : element('t:EmailAddress', m.address) + '<t:RoutingType>SMTP</t:RoutingType>';
  return `<t:Mailbox>${element('t:Name', m.name)}${address}</t:Mailbox>`;
}

function organizerOf(s: ItemSource): Mailbox {
  const organizer = (
    s.event['organizer'] as { emailAddress?: { name?: string; address?: string } } | undefined
  )?.emailAddress;
  if (organizer?.address) return { name: organizer.name ?? organizer.address, address: organizer.address };
  return { name: s.owner.displayName, address: s.owner.address };
}

function attendeesXml(s: ItemSource, type: string, tag: string): string {
  const attendees =
    (s.event['attendees'] as { type: string; emailAddress: Mailbox; status?: { response?: string } }[]) ?? [];
  const picked = attendees.filter((a) => a.type === type);
  if (picked.length === 0) return '';
  const inner = picked
    .map(
      (a) =>
        `<t:Attendee>${mailboxXml({ name: a.emailAddress.name || a.emailAddress.address, address: a.emailAddress.address }, false)}` +
        element('t:ResponseType', RESPONSE_TYPE[a.status?.response ?? 'none'] ?? 'Unknown') +
        '</t:Attendee>',
    )
    .join('');
  return `<t:${tag}>${inner}</t:${tag}>`;
}

function joinUrl(s: ItemSource): string {
  const meeting = s.event['onlineMeeting'] as { joinUrl?: string } | null | undefined;
  return meeting?.joinUrl ?? '';
}

function when(s: ItemSource, field: 'start' | 'end'): string {
  return ewsInstant(
    s.event[field],
    s.event['isAllDay'] === true,
    eventString(s.event, 'originalStartTimeZone'),
  );
}

function uid(s: ItemSource): string {
  return eventString(s.master ?? s.event, 'iCalUId');
}

function zoneXml(tag: string, zone: string): string {
  return zone === '' ? '' : `<t:${tag} Id="${escapeXml(zone)}" Name="${escapeXml(zone)}"/>`;
}

/**
 * CalendarItem properties in schema order (types.xsd ItemType then CalendarItemType). `findable` = FindItem may
 * return it (EWSR finditem-operation: no body, no recipient lists, organizer name only).
 */
export const CALENDAR_PROPERTIES: readonly { uri: string; findable: boolean; render: Render }[] = [
  { uri: 'item:ItemClass', findable: true, render: () => element('t:ItemClass', 'IPM.Appointment') },
  {
    uri: 'item:Subject',
    findable: true,
    render: (s) => element('t:Subject', eventString(s.event, 'subject')),
  },
  {
    uri: 'item:Sensitivity',
    findable: true,
    render: (s) => element('t:Sensitivity', SENSITIVITY[eventString(s.event, 'sensitivity')] ?? 'Normal'),
  },
  {
    uri: 'item:Body',
    findable: false,
    render: (s) => {
      const body = s.event['body'] as { contentType?: string; content?: string } | undefined;
      const type = body?.contentType === 'text' ? 'Text' : 'HTML';
      return `<t:Body BodyType="${type}">${escapeXml(body?.content ?? '')}</t:Body>`;
    },
  },
  {
    uri: 'item:DateTimeCreated',
    findable: true,
    render: (s) => element('t:DateTimeCreated', `${eventString(s.event, 'createdDateTime').slice(0, 19)}Z`),
  },
  {
    uri: 'item:Categories',
    findable: true,
    render: (s) => {
      const categories = (s.event['categories'] as string[] | undefined) ?? [];
      return categories.length === 0
        ? ''
        : `<t:Categories>${categories.map((c) => element('t:String', c)).join('')}</t:Categories>`;
    },
  },
  {
    uri: 'ExtendedProperty:PublicStrings:SkypeTeamsMeetingUrl',
    findable: true,
    render: (s) =>
      joinUrl(s) === ''
        ? ''
        : '<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" ' +
          'PropertyName="SkypeTeamsMeetingUrl" PropertyType="String"/>' +
          `${element('t:Value', joinUrl(s))}</t:ExtendedProperty>`,
  },
  {
    uri: 'item:LastModifiedTime',
    findable: true,
    render: (s) =>
      element('t:LastModifiedTime', `${eventString(s.event, 'lastModifiedDateTime').slice(0, 19)}Z`),
  },
  { uri: 'calendar:UID', findable: true, render: (s) => element('t:UID', uid(s)) },
  {
    uri: 'calendar:RecurrenceId',
    findable: true,
    render: (s) =>
      s.event['originalStart'] ? element('t:RecurrenceId', eventString(s.event, 'originalStart')) : '',
  },
  { uri: 'calendar:Start', findable: true, render: (s) => element('t:Start', when(s, 'start')) },
  { uri: 'calendar:End', findable: true, render: (s) => element('t:End', when(s, 'end')) },
  {
    uri: 'calendar:OriginalStart',
    findable: true,
    render: (s) =>
      s.event['originalStart'] ? element('t:OriginalStart', eventString(s.event, 'originalStart')) : '',
  },
  {
    uri: 'calendar:IsAllDayEvent',
    findable: true,
    render: (s) => element('t:IsAllDayEvent', s.event['isAllDay'] === true),
  },
  {
    uri: 'calendar:LegacyFreeBusyStatus',
    findable: true,
    render: (s) => element('t:LegacyFreeBusyStatus', FREE_BUSY[eventString(s.event, 'showAs')] ?? 'Busy'),
  },
  {
    uri: 'calendar:Location',
    findable: true,
    render: (s) => {
      const location = (s.event['location'] as { displayName?: string } | undefined)?.displayName ?? '';
      return location === '' ? '' : element('t:Location', location);
    },
  },
  {
    uri: 'calendar:IsMeeting',
    findable: true,
    render: (s) => element('t:IsMeeting', ((s.event['attendees'] as unknown[] | undefined) ?? []).length > 0),
  },
  {
    uri: 'calendar:IsCancelled',
    findable: true,
    render: (s) => element('t:IsCancelled', s.event['isCancelled'] === true),
  },
  {
    uri: 'calendar:IsRecurring',
    findable: true,
    render: (s) => element('t:IsRecurring', eventString(s.event, 'type') !== 'singleInstance'),
  },
  {
    uri: 'calendar:CalendarItemType',
    findable: true,
    render: (s) => element('t:CalendarItemType', ITEM_TYPE[eventString(s.event, 'type')] ?? 'Single'),
  },
  {
    uri: 'calendar:MyResponseType',
    findable: true,
    render: (s) => {
      const response = (s.event['responseStatus'] as { response?: string } | undefined)?.response ?? 'none';
      return element('t:MyResponseType', RESPONSE_TYPE[response] ?? 'Unknown');
    },
  },
  {
    uri: 'calendar:Organizer',
    findable: true,
    render: (s, findItem) => `<t:Organizer>${mailboxXml(organizerOf(s), findItem)}</t:Organizer>`,
  },
  {
    uri: 'calendar:RequiredAttendees',
    findable: false,
    render: (s) => attendeesXml(s, 'required', 'RequiredAttendees'),
  },
  {
    uri: 'calendar:OptionalAttendees',
    findable: false,
    render: (s) => attendeesXml(s, 'optional', 'OptionalAttendees'),
  },
  { uri: 'calendar:Resources', findable: false, render: (s) => attendeesXml(s, 'resource', 'Resources') },
  {
    uri: 'calendar:AppointmentSequenceNumber',
    findable: true,
    render: () => element('t:AppointmentSequenceNumber', 0),
  },
  {
    uri: 'calendar:AppointmentState',
    findable: true,
    render: (s) => {
      const meeting = ((s.event['attendees'] as unknown[] | undefined) ?? []).length > 0;
      const received = s.event['isOrganizer'] === false;
      const cancelled = s.event['isCancelled'] === true;
      return element('t:AppointmentState', (meeting ? 1 : 0) | (received ? 2 : 0) | (cancelled ? 4 : 0));
    },
  },
  {
    uri: 'calendar:Recurrence',
    findable: false,
    render: (s) => renderRecurrence(s.event),
  },
  {
    uri: 'calendar:StartTimeZone',
    findable: true,
    render: (s) => zoneXml('StartTimeZone', eventString(s.event, 'originalStartTimeZone')),
  },
  {
    uri: 'calendar:EndTimeZone',
    findable: true,
    render: (s) => zoneXml('EndTimeZone', eventString(s.event, 'originalEndTimeZone')),
  },
  {
    uri: 'calendar:IsOnlineMeeting',
    findable: true,
    render: (s) => element('t:IsOnlineMeeting', s.event['isOnlineMeeting'] === true),
  },
  {
    uri: 'calendar:JoinOnlineMeetingUrl',
    findable: true,
    render: (s) => (joinUrl(s) === '' ? '' : element('t:JoinOnlineMeetingUrl', joinUrl(s))),
  },
];

const BY_URI = new Map(CALENDAR_PROPERTIES.map((p) => [p.uri.toLowerCase(), p]));

export function knownProperty(uri: string): { uri: string; findable: boolean } | undefined {
  return BY_URI.get(uri.toLowerCase());
}

/** Default shape of a calendar item (EWSR getitem-operation-calendar-item, "Default"). */
export const DEFAULT_SHAPE = [
  'item:Subject',
  'item:Sensitivity',
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:CalendarItemType',
  'calendar:Organizer',
];

/** `<t:CalendarItem>` with ItemId first and the requested properties in schema order. */
export function renderCalendarItem(source: ItemSource, uris: ReadonlySet<string>, findItem: boolean): string {
  let xml = `<t:CalendarItem><t:ItemId Id="${escapeXml(source.itemId)}" ChangeKey="${escapeXml(source.changeKey)}"/>`;
  for (const property of CALENDAR_PROPERTIES) {
    if (uris.has(property.uri.toLowerCase())) xml += property.render(source, findItem);
  }
  return `${xml}</t:CalendarItem>`;
}
