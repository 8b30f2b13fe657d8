import type { GraphClient } from '../graph/graph-http.ts';
import { isGraphRequestError } from '../graph/graph-request-error.ts';
import type { MailboxKind } from '../../../db/schema/enums.ts';

export const PLACE_READ_ROLE = 'Place.Read.All';
const USER_READ_ROLES = ['User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All', 'User.ReadWrite.All'];
/** Pages of 100 (Places' default); 100 pages cover 10,000 rooms. */
const ROOM_PAGE_SIZE = 100;
const MAX_ROOM_PAGES = 100;

export interface GraphRoom {
  address: string;
  displayName: string | null;
}

interface PlacePage {
  value?: Record<string, unknown>[];
  '@odata.count'?: unknown;
}

/**
 * Every place at a /places path (rooms, room lists, a list's rooms). Real tenants answer at most
 * 100 and no @odata.nextLink (docs/microsoft-graph.md §6.3), so this pages itself with $top/$skip
 * until a short page or @odata.count is reached, and deduplicates by email address
 * case-insensitively (keys of the returned map are lower-case addresses).
 * @see https://learn.microsoft.com/graph/api/place-list (needs Place.Read.All)
 */
export async function listPlaces(
  graph: GraphClient,
  path: string,
  signal?: AbortSignal,
): Promise<Map<string, Record<string, unknown>>> {
  const places = new Map<string, Record<string, unknown>>();
  for (let page = 0; page < MAX_ROOM_PAGES; page += 1) {
    const query = `$top=${ROOM_PAGE_SIZE}&$skip=${page * ROOM_PAGE_SIZE}&$count=true`;
    const res: { body: PlacePage } = await graph.get<PlacePage>(`${path}?${query}`, { signal });
    const items = res.body?.value ?? [];
    for (const item of items) {
      if (typeof item.emailAddress !== 'string' || item.emailAddress === '') continue;
      const address = item.emailAddress.toLowerCase();
      if (!places.has(address)) places.set(address, item);
    }
    const count = res.body?.['@odata.count'];
    const seen = (page + 1) * ROOM_PAGE_SIZE;
    if (items.length < ROOM_PAGE_SIZE || (typeof count === 'number' && seen >= count)) break;
  }
  return places;
}

/** Every room of the directory: address and display name. */
export async function listGraphRooms(graph: GraphClient, signal?: AbortSignal): Promise<GraphRoom[]> {
  const places = await listPlaces(graph, '/places/microsoft.graph.room', signal);
  return [...places].map(([address, item]) => ({
    address,
    displayName: typeof item.displayName === 'string' ? item.displayName : null,
  }));
}

export interface ResolvedMailbox {
  displayName: string | null;
  kind: MailboxKind;
  directoryId: string | null;
  userPrincipalName: string | null;
}

export interface GraphUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
}

const USER_SELECT = '$select=id,displayName,mail,userPrincipalName';

function toGraphUser(value: unknown): GraphUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id === '') return null;
  return {
    id: v.id,
    displayName: typeof v.displayName === 'string' ? v.displayName : null,
    userPrincipalName: typeof v.userPrincipalName === 'string' ? v.userPrincipalName : null,
  };
}

/**
 * The directory user behind an address: `/users/{address}` finds an object id or a UPN; a primary SMTP
 * address that differs from the UPN answers 404 there, and only `$filter=mail eq` finds it, which needs
 * User.Read.All (docs/microsoft-graph.md §9.6). Null when neither finds it or Graph refuses.
 */
export async function lookUpGraphUser(
  get: (path: string) => Promise<{ body: unknown }>,
  address: string,
): Promise<GraphUser | null> {
  try {
    const res = await get(`/users/${encodeURIComponent(address)}?${USER_SELECT}`);
    return toGraphUser(res.body);
  } catch (error) {
    if (!isGraphRequestError(error) || error.status !== 404) return null;
  }
  try {
    const filter = encodeURIComponent(`mail eq '${address.replaceAll("'", "''")}'`);
    const res = await get(`/users?$filter=${filter}&${USER_SELECT}`);
    const value = (res.body as { value?: unknown[] } | null)?.value;
    return toGraphUser(Array.isArray(value) ? value[0] : null);
  } catch {
    return null;
  }
}

/**
 * Best-effort display name, kind and directory identity of each address: rooms from /places when
 * Place.Read.All is granted, the object id, UPN and name from /users when a user-read role is. Anything
 * Graph refuses stays unknown; a failure here never fails adding the mailbox.
 */
export async function resolveMailboxes(
  graph: GraphClient,
  roles: readonly string[],
  addresses: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, ResolvedMailbox>> {
  const resolved = new Map<string, ResolvedMailbox>();
  const canReadPlaces = roles.includes(PLACE_READ_ROLE);
  let rooms: Map<string, GraphRoom> | null = null;
  if (canReadPlaces) {
    try {
      rooms = new Map((await listGraphRooms(graph, signal)).map((r) => [r.address, r]));
    } catch {
      rooms = null;
    }
  }
  const canReadUsers = roles.some((r) => USER_READ_ROLES.includes(r));
  for (const address of addresses) {
    if (signal.aborted) break;
    const room = rooms?.get(address);
    const user = canReadUsers ? await lookUpGraphUser((path) => graph.get(path, { signal }), address) : null;
    const displayName = room?.displayName ?? user?.displayName ?? null;
    // Without the room list a found user may still be a room: only call it USER when rooms were known.
    const kind: MailboxKind = room ? 'ROOM' : rooms && user ? 'USER' : 'UNKNOWN';
    resolved.set(address, {
      displayName,
      kind,
      directoryId: user?.id ?? null,
      userPrincipalName: user?.userPrincipalName ?? null,
    });
  }
  return resolved;
}
