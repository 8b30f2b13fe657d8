import type { RoomBookingType } from '../../../db/schema/enums.ts';
import type { DirectoryRoomDetails, RoomDirectorySnapshot } from '../../directory.ts';
import type { GraphClient } from '../graph/graph-http.ts';
import { listPlaces } from './graph-directory.ts';

/**
 * Rooms with every `room` property and room lists with their members, from /places
 * (docs/microsoft-graph.md §6.3). A room list's members come from
 * /places/{list}/microsoft.graph.roomlist/rooms, one paged read per list.
 */
export async function readGraphRoomDirectory(
  graph: GraphClient,
  signal?: AbortSignal,
): Promise<RoomDirectorySnapshot> {
  const rooms = await listPlaces(graph, '/places/microsoft.graph.room', signal);
  const lists = await listPlaces(graph, '/places/microsoft.graph.roomlist', signal);
  const roomLists = [];
  for (const [address, list] of lists) {
    const members = await listPlaces(
      graph,
      `/places/${encodeURIComponent(address)}/microsoft.graph.roomlist/rooms`,
      signal,
    );
    roomLists.push({ address, displayName: text(list.displayName), members: [...members.keys()] });
  }
  return { rooms: [...rooms].map(([address, item]) => toRoomDetails(address, item)), roomLists };
}

/**
 * One /places room. Tolerates what the documentation itself disagrees on: `capacity` as number or
 * string, `isWheelChairAccessible` or the sample's `isWheelchairAccessible`, `displayDeviceName` or
 * the sample's `displayDevice`.
 */
export function toRoomDetails(address: string, item: Record<string, unknown>): DirectoryRoomDetails {
  const geo = item.geoCoordinates as { latitude?: unknown; longitude?: unknown } | null | undefined;
  const wheelchair = item.isWheelChairAccessible ?? item.isWheelchairAccessible;
  return {
    address,
    displayName: text(item.displayName),
    capacity: integer(item.capacity),
    building: text(item.building),
    floorNumber: integer(item.floorNumber),
    floorLabel: text(item.floorLabel),
    bookingType: bookingType(item.bookingType),
    isWheelChairAccessible: typeof wheelchair === 'boolean' ? wheelchair : null,
    audioDeviceName: text(item.audioDeviceName),
    videoDeviceName: text(item.videoDeviceName),
    displayDeviceName: text(item.displayDeviceName ?? item.displayDevice),
    tags: Array.isArray(item.tags)
      ? item.tags.filter((t): t is string => typeof t === 'string' && t !== '')
      : [],
    nickname: text(item.nickname),
    label: text(item.label),
    geoCoordinates:
      typeof geo?.latitude === 'number' && typeof geo.longitude === 'number'
        ? { latitude: geo.latitude, longitude: geo.longitude }
        : null,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function integer(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

function bookingType(value: unknown): RoomBookingType {
  if (typeof value !== 'string') return 'UNKNOWN';
  const upper = value.toUpperCase();
  return upper === 'STANDARD' || upper === 'RESERVED' ? upper : 'UNKNOWN';
}
