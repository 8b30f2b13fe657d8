import { readCalendarItem, type EwsCalendarItem } from './calendar-item.ts';
import { problem, type EwsProblem } from './ews-problem.ts';
import { readEnvelope, type EwsResponseMessage } from './read-envelope.ts';
import { attr, child, children, isNode, text, type XmlNode } from './xml.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: EwsProblem };

const failed = <T>(p: EwsProblem): Parsed<T> => ({ ok: false, problem: p });

/** The messages of a 200 response, or the fault / malformation as a problem. */
function messagesOf(xml: string, operation: string, status: number): Parsed<EwsResponseMessage[]> {
  const content = readEnvelope(xml, operation);
  if (content.kind === 'fault')
    return failed(
      problem('fault', content.fault.code, content.fault.message, { values: content.fault.values, status }),
    );
  if (content.kind === 'malformed')
    return failed(problem('malformed', 'InvalidXml', content.detail, { status }));
  return { ok: true, value: content.messages };
}

export function messageProblem(message: EwsResponseMessage, status = 200): EwsProblem {
  return problem('message', message.code, message.messageText ?? message.code, {
    values: message.values,
    status,
  });
}

/** Single-message operations: the message, or its error as a problem. */
function singleMessage(xml: string, operation: string, status: number): Parsed<EwsResponseMessage> {
  const messages = messagesOf(xml, operation, status);
  if (!messages.ok) return messages;
  const first = messages.value[0];
  if (!first) return failed(problem('malformed', 'InvalidXml', `empty ${operation} response`, { status }));
  // Warning only occurs for ResolveNames (several matches): the content is still there.
  if (first.responseClass === 'Error') return failed(messageProblem(first, status));
  return { ok: true, value: first };
}

function items(node: XmlNode | undefined): EwsCalendarItem[] {
  return children(node, 'CalendarItem')
    .map(readCalendarItem)
    .filter((i): i is EwsCalendarItem => i !== undefined);
}

export interface CalendarViewPage {
  items: EwsCalendarItem[];
  totalItemsInView: number;
  /** False when MaxEntriesReturned cut the view: the window must be split (CalendarView has no offset). */
  includesLastItemInRange: boolean;
}

export function parseFindItemResponse(xml: string, status = 200): Parsed<CalendarViewPage> {
  const message = singleMessage(xml, 'FindItem', status);
  if (!message.ok) return message;
  const root = child(message.value.node, 'RootFolder');
  const list = items(child(root, 'Items'));
  return {
    ok: true,
    value: {
      items: list,
      totalItemsInView: Number(attr(root, 'TotalItemsInView') ?? list.length),
      includesLastItemInRange: (attr(root, 'IncludesLastItemInRange') ?? 'true') === 'true',
    },
  };
}

export type SyncChange =
  | { kind: 'create' | 'update'; itemId: string; changeKey: string | null; item: EwsCalendarItem | null }
  | { kind: 'delete'; itemId: string }
  | { kind: 'readFlagChange'; itemId: string };

export interface SyncFolderItemsPage {
  /** Opaque; stored verbatim and sent back. */
  syncState: string;
  includesLastItemInRange: boolean;
  changes: SyncChange[];
}

/** The item inside a Create/Update (CalendarItem, or Message/MeetingRequest in other folders). */
function changedItem(change: XmlNode): XmlNode | undefined {
  for (const [key, value] of Object.entries(change)) {
    if (key.startsWith('@_')) continue;
    const node = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (isNode(node) && child(node, 'ItemId')) return node;
  }
  return undefined;
}

export function parseSyncFolderItemsResponse(xml: string, status = 200): Parsed<SyncFolderItemsPage> {
  const message = singleMessage(xml, 'SyncFolderItems', status);
  if (!message.ok) return message;
  const node = message.value.node;
  const changesNode = child(node, 'Changes');
  const changes: SyncChange[] = [];
  // Element order inside <Changes> is not needed: every id appears at most once per page.
  for (const kind of ['Create', 'Update'] as const) {
    for (const change of children(changesNode, kind)) {
      const inner = changedItem(change);
      const id = child(inner, 'ItemId');
      const itemId = attr(id, 'Id');
      if (!inner || !itemId) continue;
      changes.push({
        kind: kind === 'Create' ? 'create' : 'update',
        itemId: itemId.trim(),
        changeKey: attr(id, 'ChangeKey') ?? null,
        // Other folders carry Message/MeetingRequest items: only calendar items are mapped.
        item: children(change, 'CalendarItem').length > 0 ? (readCalendarItem(inner) ?? null) : null,
      });
    }
  }
  for (const change of children(changesNode, 'Delete')) {
    const itemId = attr(child(change, 'ItemId'), 'Id');
    if (itemId) changes.push({ kind: 'delete', itemId: itemId.trim() });
  }
  for (const change of children(changesNode, 'ReadFlagChange')) {
    const itemId = attr(child(change, 'ItemId'), 'Id');
    if (itemId) changes.push({ kind: 'readFlagChange', itemId: itemId.trim() });
  }
  return {
    ok: true,
    value: {
      syncState: text(node, 'SyncState') ?? '',
      includesLastItemInRange: (text(node, 'IncludesLastItemInRange') ?? 'true') === 'true',
      changes,
    },
  };
}

/** GetItem: one result per requested id, in request order; a batch partially succeeds. */
export function parseGetItemResponse(xml: string, status = 200): Parsed<Parsed<EwsCalendarItem>[]> {
  const messages = messagesOf(xml, 'GetItem', status);
  if (!messages.ok) return messages;
  return {
    ok: true,
    value: messages.value.map((m): Parsed<EwsCalendarItem> => {
      if (m.responseClass === 'Error') return failed(messageProblem(m, status));
      const item = items(child(m.node, 'Items'))[0];
      return item
        ? { ok: true, value: item }
        : failed(problem('malformed', 'InvalidXml', 'GetItem message without a CalendarItem', { status }));
    }),
  };
}

export interface FolderInfo {
  folderId: string;
  displayName: string | null;
  totalCount: number | null;
}

/** GetFolder: one result per requested folder. */
export function parseGetFolderResponse(xml: string, status = 200): Parsed<Parsed<FolderInfo>[]> {
  const messages = messagesOf(xml, 'GetFolder', status);
  if (!messages.ok) return messages;
  return {
    ok: true,
    value: messages.value.map((m): Parsed<FolderInfo> => {
      if (m.responseClass === 'Error') return failed(messageProblem(m, status));
      const folders = child(m.node, 'Folders');
      const folder = child(folders, 'CalendarFolder') ?? child(folders, 'Folder');
      const folderId = attr(child(folder, 'FolderId'), 'Id');
      if (!folderId)
        return failed(problem('malformed', 'InvalidXml', 'GetFolder message without a folder', { status }));
      const total = text(folder, 'TotalCount');
      return {
        ok: true,
        value: {
          folderId,
          displayName: text(folder, 'DisplayName') ?? null,
          totalCount: total === undefined ? null : Number(total),
        },
      };
    }),
  };
}

export interface DirectoryEntry {
  name: string;
  address: string;
}

function entry(node: XmlNode | undefined): DirectoryEntry | undefined {
  const address = text(node, 'EmailAddress');
  if (!address) return undefined;
  return { name: text(node, 'Name') || address, address: address.toLowerCase() };
}

const present = <T>(value: T | undefined): value is T => value !== undefined;

/** ResolveNames: no match is an empty list, not a failure. */
export function parseResolveNamesResponse(xml: string, status = 200): Parsed<DirectoryEntry[]> {
  const messages = messagesOf(xml, 'ResolveNames', status);
  if (!messages.ok) return messages;
  const first = messages.value[0];
  if (first?.code === 'ErrorNameResolutionNoResults') return { ok: true, value: [] };
  if (!first || first.responseClass === 'Error')
    return failed(
      first
        ? messageProblem(first, status)
        : problem('malformed', 'InvalidXml', 'empty ResolveNames response'),
    );
  return {
    ok: true,
    value: children(child(first.node, 'ResolutionSet'), 'Resolution')
      .map((r) => entry(child(r, 'Mailbox')))
      .filter(present),
  };
}

export function parseGetRoomListsResponse(xml: string, status = 200): Parsed<DirectoryEntry[]> {
  const message = singleMessage(xml, 'GetRoomLists', status);
  if (!message.ok) return message;
  return {
    ok: true,
    value: children(child(message.value.node, 'RoomLists'), 'Address').map(entry).filter(present),
  };
}

export function parseGetRoomsResponse(xml: string, status = 200): Parsed<DirectoryEntry[]> {
  const message = singleMessage(xml, 'GetRooms', status);
  if (!message.ok) return message;
  return {
    ok: true,
    value: children(child(message.value.node, 'Rooms'), 'Room')
      .map((r) => entry(child(r, 'Id')))
      .filter(present),
  };
}
