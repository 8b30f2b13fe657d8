import { DeadlineExceededError, withDeadline } from '../../connectors/with-deadline.ts';
import { AppError } from '../../errors/index.ts';
import type {
  DirectoryCapability,
  DirectoryMailbox,
  DirectoryRoom,
  DirectoryRoomDetails,
  RoomDirectorySnapshot,
} from '../directory.ts';
import { classifyEwsFailure, type EwsClient } from './ews-client.ts';
import type { EwsConnections } from './ews-connections.ts';

/** Every room of every room list (GetRoomLists + GetRooms, §2); a room in several lists counts once. */
async function listRooms(client: EwsClient): Promise<DirectoryRoom[]> {
  const rooms = new Map<string, DirectoryRoom>();
  for (const list of await client.getRoomLists())
    for (const room of await client.getRooms(list.address))
      if (!rooms.has(room.address))
        rooms.set(room.address, { address: room.address, displayName: room.name });
  return [...rooms.values()];
}

/**
 * Room lists with their members, and each room as the monitor can see it: EWS's GetRooms gives an
 * address and a name only (capacity, building and devices live in Exchange's Places store, which
 * EWS does not expose), so the metadata stays unknown rather than guessed.
 */
async function readDirectory(client: EwsClient): Promise<RoomDirectorySnapshot> {
  const rooms = new Map<string, DirectoryRoomDetails>();
  const roomLists = [];
  for (const list of await client.getRoomLists()) {
    const members = await client.getRooms(list.address);
    roomLists.push({
      address: list.address.toLowerCase(),
      displayName: list.name,
      members: members.map((room) => room.address.toLowerCase()),
    });
    for (const room of members) {
      const address = room.address.toLowerCase();
      if (rooms.has(address)) continue;
      rooms.set(address, {
        address,
        displayName: room.name,
        capacity: null,
        building: null,
        floorNumber: null,
        floorLabel: null,
        bookingType: 'UNKNOWN',
        isWheelChairAccessible: null,
        audioDeviceName: null,
        videoDeviceName: null,
        displayDeviceName: null,
        tags: [],
        nickname: null,
        label: null,
        geoCoordinates: null,
      });
    }
  }
  return { rooms: [...rooms.values()], roomLists };
}

/** The admin-facing error for a directory read that failed or ran out of time. */
function directoryError(error: unknown): AppError {
  if (error instanceof DeadlineExceededError)
    return new AppError('UPSTREAM_UNAVAILABLE', 'Exchange did not answer in time; try again later.');
  const failure = classifyEwsFailure(error);
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    `Exchange refused the room lists: ${failure.code}: ${failure.message}. Run testConnector for the remedy.`,
    { ewsCode: failure.code },
  );
}

/**
 * The Exchange directory as the monitor sees it: ResolveNames for a mailbox's display name, room lists for
 * which mailboxes are rooms (EWS has no other room marker a delegate can read).
 */
export function createEwsDirectory(connections: EwsConnections): DirectoryCapability {
  return {
    async resolveMailboxes(connector, addresses, budgetMs) {
      const { client } = await connections.for(connector);
      return withDeadline(
        (async () => {
          const rooms = new Set((await listRooms(client)).map((r) => r.address));
          const found = new Map<string, DirectoryMailbox>();
          for (const address of addresses) {
            const [match] = await client.resolveNames(`smtp:${address}`);
            if (match)
              found.set(address, { displayName: match.name, kind: rooms.has(address) ? 'ROOM' : 'USER' });
          }
          return found;
        })(),
        budgetMs,
      );
    },
    async discoverRooms(connector, budgetMs) {
      const { client } = await connections.for(connector);
      try {
        // A server without room lists answers none: rooms are then added by address.
        return await withDeadline(listRooms(client), budgetMs);
      } catch (error) {
        throw directoryError(error);
      }
    },
    async readRoomDirectory(connector, budgetMs) {
      const { client } = await connections.for(connector);
      try {
        return await withDeadline(readDirectory(client), budgetMs);
      } catch (error) {
        throw directoryError(error);
      }
    },
  };
}
