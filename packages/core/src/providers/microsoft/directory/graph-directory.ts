import type { GraphClient } from '../graph/graph-http.ts';
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
}

/**
 * Best-effort display name and kind of each address: rooms from /places when Place.Read.All is
 * granted, names from /users when a user-read role is. Anything Graph refuses stays unknown; a
 * failure here never fails adding the mailbox.
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
    if (room) {
      resolved.set(address, { displayName: room.displayName, kind: 'ROOM' });
      continue;
    }
    let displayName: string | null = null;
    if (canReadUsers) {
      try {
        const res = await graph.get<{ displayName?: unknown }>(
          `/users/${encodeURIComponent(address)}?$select=displayName,mail`,
          { signal },
        );
        displayName = typeof res.body?.displayName === 'string' ? res.body.displayName : null;
      } catch {
        displayName = null;
      }
    }
    // Without the room list a found user may still be a room: only call it USER when rooms were known.
    const kind: MailboxKind = rooms && displayName !== null ? 'USER' : 'UNKNOWN';
    resolved.set(address, { displayName, kind });
  }
  return resolved;
}
