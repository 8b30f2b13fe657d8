import { attr, child, children, text, type XmlNode } from './xml.ts';

export interface EwsMailboxRef {
  name: string | null;
  address: string | null;
}

export interface EwsAttendee {
  mailbox: EwsMailboxRef;
  kind: 'required' | 'optional' | 'resource';
  responseType: string | null;
}

/**
 * A `<t:CalendarItem>` with the properties calsync asks for; everything but the id is optional because FindItem,
 * SyncFolderItems and GetItem return different subsets (docs/exchange-ews.md §3.2).
 */
export interface EwsCalendarItem {
  itemId: string;
  changeKey: string | null;
  subject: string | null;
  sensitivity: string | null;
  body: { type: 'HTML' | 'Text'; content: string } | null;
  categories: string[];
  lastModifiedTime: string | null;
  uid: string | null;
  recurrenceId: string | null;
  start: string | null;
  end: string | null;
  isAllDayEvent: boolean | null;
  legacyFreeBusyStatus: string | null;
  location: string | null;
  isCancelled: boolean | null;
  calendarItemType: string | null;
  myResponseType: string | null;
  organizer: EwsMailboxRef | null;
  attendees: EwsAttendee[];
  /** Windows zone id of `StartTimeZone`. */
  startTimeZone: string | null;
  joinOnlineMeetingUrl: string | null;
  /** Extended properties by `PropertySet:Name` (PublicStrings:SkypeTeamsMeetingUrl). */
  extended: Readonly<Record<string, string>>;
}

function bool(value: string | undefined): boolean | null {
  return value === undefined ? null : value.toLowerCase() === 'true';
}

function orNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function mailboxRef(node: XmlNode | undefined): EwsMailboxRef | null {
  const mailbox = child(node, 'Mailbox');
  if (!mailbox) return null;
  return { name: orNull(text(mailbox, 'Name')), address: orNull(text(mailbox, 'EmailAddress')) };
}

function attendees(item: XmlNode, tag: string, kind: EwsAttendee['kind']): EwsAttendee[] {
  return children(child(item, tag), 'Attendee').map((a) => ({
    mailbox: mailboxRef(a) ?? { name: null, address: null },
    kind,
    responseType: orNull(text(a, 'ResponseType')),
  }));
}

function extendedProperties(item: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const property of children(item, 'ExtendedProperty')) {
    const uri = child(property, 'ExtendedFieldURI');
    const set = attr(uri, 'DistinguishedPropertySetId') ?? attr(uri, 'PropertySetId') ?? '';
    const name = attr(uri, 'PropertyName') ?? attr(uri, 'PropertyTag') ?? '';
    out[`${set}:${name}`] = text(property, 'Value') ?? '';
  }
  return out;
}

/** Reads one CalendarItem element; undefined when it has no ItemId (nothing to key it by). */
export function readCalendarItem(item: XmlNode): EwsCalendarItem | undefined {
  const id = child(item, 'ItemId');
  const itemId = attr(id, 'Id');
  if (!itemId) return undefined;
  const body = child(item, 'Body');
  return {
    itemId,
    changeKey: orNull(attr(id, 'ChangeKey')),
    subject: text(item, 'Subject') ?? null,
    sensitivity: orNull(text(item, 'Sensitivity')),
    body: body
      ? { type: attr(body, 'BodyType') === 'Text' ? 'Text' : 'HTML', content: text(body) ?? '' }
      : null,
    categories: children(child(item, 'Categories'), 'String').map((s) => text(s) ?? ''),
    lastModifiedTime: orNull(text(item, 'LastModifiedTime')),
    uid: orNull(text(item, 'UID')),
    recurrenceId: orNull(text(item, 'RecurrenceId')),
    start: orNull(text(item, 'Start')),
    end: orNull(text(item, 'End')),
    isAllDayEvent: bool(text(item, 'IsAllDayEvent')),
    legacyFreeBusyStatus: orNull(text(item, 'LegacyFreeBusyStatus')),
    location: orNull(text(item, 'Location')),
    isCancelled: bool(text(item, 'IsCancelled')),
    calendarItemType: orNull(text(item, 'CalendarItemType')),
    myResponseType: orNull(text(item, 'MyResponseType')),
    organizer: mailboxRef(child(item, 'Organizer')),
    attendees: [
      ...attendees(item, 'RequiredAttendees', 'required'),
      ...attendees(item, 'OptionalAttendees', 'optional'),
      ...attendees(item, 'Resources', 'resource'),
    ],
    startTimeZone: orNull(attr(child(item, 'StartTimeZone'), 'Id')),
    joinOnlineMeetingUrl: orNull(text(item, 'JoinOnlineMeetingUrl')),
    extended: extendedProperties(item),
  };
}
