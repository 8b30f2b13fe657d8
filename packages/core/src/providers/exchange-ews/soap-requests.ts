import { escapeXml } from './xml.ts';

/**
 * SOAP 1.1 request bodies for the operations calsync uses (docs/exchange-ews.md §2–§5). Mailboxes are always
 * addressed through the distinguished `calendar` folder with an explicit Mailbox ("explicit access"), which
 * needs no localized folder name and works with Reviewer on the Calendar alone.
 */
const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';

/** Documented values only; Exchange2019 and dated values are refused by on-premises servers (§1.4). */
export type RequestServerVersion = 'Exchange2013_SP1' | 'Exchange2016';

export function soapEnvelope(body: string, version: RequestServerVersion): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:m="${MESSAGES_NS}" xmlns:t="${TYPES_NS}">` +
    `<soap:Header><t:RequestServerVersion Version="${version}"/></soap:Header>` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

function calendarFolder(mailbox: string): string {
  return (
    '<t:DistinguishedFolderId Id="calendar"><t:Mailbox>' +
    `<t:EmailAddress>${escapeXml(mailbox)}</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`
  );
}

function itemShape(fields: readonly string[], extended: readonly ExtendedField[] = []): string {
  const additional =
    fields.map((f) => `<t:FieldURI FieldURI="${escapeXml(f)}"/>`).join('') +
    extended
      .map(
        (e) =>
          `<t:ExtendedFieldURI DistinguishedPropertySetId="${escapeXml(e.propertySet)}" ` +
          `PropertyName="${escapeXml(e.name)}" PropertyType="String"/>`,
      )
      .join('');
  return (
    '<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>' +
    (additional === '' ? '' : `<t:AdditionalProperties>${additional}</t:AdditionalProperties>`) +
    '</m:ItemShape>'
  );
}

export interface ExtendedField {
  propertySet: 'PublicStrings';
  name: string;
}

/**
 * What GetItem reads for each new or changed item: the row's fields plus what only GetItem can return
 * (attendees, body for join links, categories). The CalendarView asks for ids and change keys only (§3.2).
 */
export const DETAIL_FIELDS = [
  'item:Subject',
  'item:Sensitivity',
  'item:LastModifiedTime',
  'calendar:UID',
  'calendar:RecurrenceId',
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:IsCancelled',
  'calendar:CalendarItemType',
  'calendar:Organizer',
  'calendar:StartTimeZone',
  'item:Body',
  'item:Categories',
  'calendar:RequiredAttendees',
  'calendar:OptionalAttendees',
  'calendar:Resources',
  'calendar:JoinOnlineMeetingUrl',
] as const;

export const TEAMS_LINK_PROPERTY: ExtendedField = {
  propertySet: 'PublicStrings',
  name: 'SkypeTeamsMeetingUrl',
};

/**
 * FindItem + CalendarView on a mailbox's calendar: occurrences expanded, UTC instants, no paging offset. IdOnly:
 * every item calsync stores is read by GetItem anyway, so the view only names items and their versions
 * (ItemId + ChangeKey) — a smaller answer for Exchange to build and for calsync to parse.
 */
export function findCalendarViewRequest(input: {
  mailbox: string;
  start: Date;
  end: Date;
  maxEntries: number;
  version: RequestServerVersion;
}): string {
  return soapEnvelope(
    '<m:FindItem Traversal="Shallow">' +
      itemShape([]) +
      `<m:CalendarView MaxEntriesReturned="${input.maxEntries}" StartDate="${input.start.toISOString()}" ` +
      `EndDate="${input.end.toISOString()}"/>` +
      `<m:ParentFolderIds>${calendarFolder(input.mailbox)}</m:ParentFolderIds></m:FindItem>`,
    input.version,
  );
}

/** SyncFolderItems IdOnly (Microsoft's best practice: one store call whatever changed); no state = baseline. */
export function syncFolderItemsRequest(input: {
  mailbox: string;
  syncState: string | null;
  maxChanges: number;
  version: RequestServerVersion;
}): string {
  if (!Number.isInteger(input.maxChanges) || input.maxChanges < 1 || input.maxChanges > 512)
    throw new RangeError('MaxChangesReturned must be 1–512');
  return soapEnvelope(
    '<m:SyncFolderItems>' +
      itemShape([]) +
      `<m:SyncFolderId>${calendarFolder(input.mailbox)}</m:SyncFolderId>` +
      (input.syncState ? `<m:SyncState>${escapeXml(input.syncState)}</m:SyncState>` : '') +
      `<m:MaxChangesReturned>${input.maxChanges}</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope>` +
      '</m:SyncFolderItems>',
    input.version,
  );
}

/** GetItem for a batch of ids (Microsoft suggests about 10 per batch for sync clients, §5). */
export function getItemRequest(input: { itemIds: readonly string[]; version: RequestServerVersion }): string {
  return soapEnvelope(
    '<m:GetItem>' +
      itemShape(DETAIL_FIELDS, [TEAMS_LINK_PROPERTY]) +
      '<m:ItemIds>' +
      input.itemIds.map((id) => `<t:ItemId Id="${escapeXml(id)}"/>`).join('') +
      '</m:ItemIds></m:GetItem>',
    input.version,
  );
}

/**
 * GetFolder on a mailbox's calendar and root: the calendar answers whether the monitor can read it at all
 * (FullAccess or Reviewer), the root whether it holds FullAccess. Diagnostics use both.
 */
export function getFolderRequest(input: { mailbox: string; version: RequestServerVersion }): string {
  const mailbox = `<t:Mailbox><t:EmailAddress>${escapeXml(input.mailbox)}</t:EmailAddress></t:Mailbox>`;
  return soapEnvelope(
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds>' +
      `<t:DistinguishedFolderId Id="calendar">${mailbox}</t:DistinguishedFolderId>` +
      `<t:DistinguishedFolderId Id="msgfolderroot">${mailbox}</t:DistinguishedFolderId>` +
      '</m:FolderIds></m:GetFolder>',
    input.version,
  );
}

export function resolveNamesRequest(input: { entry: string; version: RequestServerVersion }): string {
  return soapEnvelope(
    '<m:ResolveNames ReturnFullContactData="false" SearchScope="ActiveDirectory">' +
      `<m:UnresolvedEntry>${escapeXml(input.entry)}</m:UnresolvedEntry></m:ResolveNames>`,
    input.version,
  );
}

export function getRoomListsRequest(version: RequestServerVersion): string {
  return soapEnvelope('<m:GetRoomLists/>', version);
}

export function getRoomsRequest(input: { roomList: string; version: RequestServerVersion }): string {
  return soapEnvelope(
    `<m:GetRooms><m:RoomList><t:EmailAddress>${escapeXml(input.roomList)}</t:EmailAddress></m:RoomList></m:GetRooms>`,
    input.version,
  );
}
