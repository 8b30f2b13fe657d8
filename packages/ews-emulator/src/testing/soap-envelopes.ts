/** Request bodies for the contract tests, written like Microsoft's samples (prefixed m:/t:, SOAP 1.1). */
const HEAD =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" ' +
  'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">';

export function envelope(body: string, version = 'Exchange2013_SP1'): string {
  return `${HEAD}<soap:Header><t:RequestServerVersion Version="${version}"/></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

export function calendarOf(mailbox: string): string {
  return `<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>${mailbox}</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`;
}

export function findCalendarView(
  mailbox: string,
  start: string,
  end: string,
  max?: number,
  fields = [
    'item:Subject',
    'calendar:Start',
    'calendar:End',
    'calendar:Location',
    'calendar:CalendarItemType',
  ],
): string {
  const maxAttr = max === undefined ? '' : ` MaxEntriesReturned="${max}"`;
  return envelope(
    '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>' +
      fields.map((f) => `<t:FieldURI FieldURI="${f}"/>`).join('') +
      `</t:AdditionalProperties></m:ItemShape><m:CalendarView${maxAttr} StartDate="${start}" EndDate="${end}"/>` +
      `<m:ParentFolderIds>${calendarOf(mailbox)}</m:ParentFolderIds></m:FindItem>`,
  );
}

export function syncFolderItems(mailbox: string, max: number, state?: string): string {
  return envelope(
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
      `<m:SyncFolderId>${calendarOf(mailbox)}</m:SyncFolderId>` +
      (state === undefined ? '' : `<m:SyncState>${state}</m:SyncState>`) +
      `<m:MaxChangesReturned>${max}</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`,
  );
}

export function getItem(ids: string[], fields: string[]): string {
  return envelope(
    '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>' +
      fields.map((f) => `<t:FieldURI FieldURI="${f}"/>`).join('') +
      '</t:AdditionalProperties></m:ItemShape><m:ItemIds>' +
      ids.map((id) => `<t:ItemId Id="${id}"/>`).join('') +
      '</m:ItemIds></m:GetItem>',
  );
}

export function getFolder(folders: string, shape = 'Default'): string {
  return envelope(
    `<m:GetFolder><m:FolderShape><t:BaseShape>${shape}</t:BaseShape></m:FolderShape><m:FolderIds>${folders}</m:FolderIds></m:GetFolder>`,
  );
}
