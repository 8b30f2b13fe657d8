import { AutodiscoverError } from './autodiscover/discover-ews-url.ts';
import type { EwsCalendarItem } from './calendar-item.ts';
import type { TimeWindow } from './calendar-view-windows.ts';
import { classifyEwsProblem } from './classify-ews-error.ts';
import { problem, type EwsProblem } from './ews-problem.ts';
import {
  parseFindItemResponse,
  parseGetFolderResponse,
  parseGetItemResponse,
  parseGetRoomListsResponse,
  parseGetRoomsResponse,
  parseResolveNamesResponse,
  parseSyncFolderItemsResponse,
  type CalendarViewPage,
  type DirectoryEntry,
  type FolderInfo,
  type Parsed,
  type SyncFolderItemsPage,
} from './parse-responses.ts';
import {
  findCalendarViewRequest,
  getFolderRequest,
  getItemRequest,
  getRoomListsRequest,
  getRoomsRequest,
  resolveNamesRequest,
  syncFolderItemsRequest,
  type RequestServerVersion,
} from './soap-requests.ts';
import { EwsTransportError, type EwsTransport } from './transport/ews-transport.ts';
import type { Failure } from '../failure.ts';

/** An EWS call that failed as a whole (401, fault, error message, malformed answer, no answer). */
export class EwsRequestError extends Error {
  constructor(readonly problem: EwsProblem) {
    super(problem.message);
    this.name = 'EwsRequestError';
  }
}

/** The provider's one classifier: EWS problems by ResponseCode and status, anything else unknown. */
export function classifyEwsFailure(error: unknown): Failure {
  if (error instanceof EwsRequestError || error instanceof EwsTransportError)
    return classifyEwsProblem(error.problem);
  // DNS or a firewall between calsync and the Autodiscover host: may heal, retried with back-off.
  if (error instanceof AutodiscoverError)
    return { kind: 'transient', code: 'AutodiscoverFailed', message: error.message };
  return {
    kind: 'unknown',
    code: 'UnexpectedError',
    message: error instanceof Error ? error.message : 'unexpected error',
  };
}

/** The problem behind a failed call, for diagnostics that report rather than throw. */
export function problemOf(error: unknown): EwsProblem | undefined {
  return error instanceof EwsRequestError || error instanceof EwsTransportError ? error.problem : undefined;
}

/** The EWS operations calsync uses, typed; a call that fails as a whole throws EwsRequestError. */
export interface EwsClient {
  findCalendarView(mailbox: string, window: TimeWindow, maxEntries: number): Promise<CalendarViewPage>;
  syncFolderItems(
    mailbox: string,
    syncState: string | null,
    maxChanges: number,
  ): Promise<SyncFolderItemsPage>;
  /** One result per id, in order: a batch partially succeeds (§5). */
  getItems(itemIds: readonly string[]): Promise<Parsed<EwsCalendarItem>[]>;
  /** Results for the mailbox's calendar, then its root (diagnostics, §2.1). */
  getFolders(mailbox: string): Promise<Parsed<FolderInfo>[]>;
  resolveNames(entry: string): Promise<DirectoryEntry[]>;
  getRoomLists(): Promise<DirectoryEntry[]>;
  getRooms(roomList: string): Promise<DirectoryEntry[]>;
  requestCount(): number;
}

export function createEwsClient(transport: EwsTransport, version: RequestServerVersion): EwsClient {
  async function call<T>(xml: string, parse: (text: string, status: number) => Parsed<T>): Promise<T> {
    const res = await transport.post(xml);
    if (res.status === 401)
      throw new EwsRequestError(
        problem('http', 'HTTP 401', 'Exchange refused the monitor credentials', { status: 401 }),
      );
    const parsed = parse(res.text, res.status);
    if (parsed.ok) return parsed.value;
    // An HTML error page (404 wrong URL, 503 IIS queue) is an HTTP-level answer, not malformed EWS (§6.1).
    if (parsed.problem.source === 'malformed' && res.status !== 200)
      throw new EwsRequestError(
        problem('http', `HTTP ${res.status}`, `the server answered HTTP ${res.status}`, {
          status: res.status,
        }),
      );
    throw new EwsRequestError(parsed.problem);
  }

  return {
    findCalendarView: (mailbox, window, maxEntries) =>
      call(
        findCalendarViewRequest({ mailbox, start: window.start, end: window.end, maxEntries, version }),
        parseFindItemResponse,
      ),
    syncFolderItems: (mailbox, syncState, maxChanges) =>
      call(syncFolderItemsRequest({ mailbox, syncState, maxChanges, version }), parseSyncFolderItemsResponse),
    getItems: (itemIds) => call(getItemRequest({ itemIds, version }), parseGetItemResponse),
    getFolders: (mailbox) => call(getFolderRequest({ mailbox, version }), parseGetFolderResponse),
    resolveNames: (entry) => call(resolveNamesRequest({ entry, version }), parseResolveNamesResponse),
    getRoomLists: () => call(getRoomListsRequest(version), parseGetRoomListsResponse),
    getRooms: (roomList) => call(getRoomsRequest({ roomList, version }), parseGetRoomsResponse),
    requestCount: () => transport.requestCount(),
  };
}
