import type { RoomDirectorySnapshot } from '../providers/directory.ts';
import type { DirectoryRoomDetails } from '../providers/directory.ts';
import type { roomDetails } from '../db/index.ts';

type RoomDetailsInsert = typeof roomDetails.$inferInsert;

/** room_lists membership per room address, from the lists' member rosters. */
export function membershipByRoom(snapshot: RoomDirectorySnapshot): Map<string, string[]> {
  const byRoom = new Map<string, string[]>();
  for (const list of snapshot.roomLists) {
    for (const member of list.members) {
      const lists = byRoom.get(member) ?? [];
      lists.push(list.address);
      byRoom.set(member, lists);
    }
  }
  return byRoom;
}

/** The room_details row of one directory room; a room listed again is no longer missing. */
export function roomDetailsValues(
  tenantId: string,
  mailboxId: string,
  room: DirectoryRoomDetails,
  roomLists: readonly string[],
  now: Date,
): RoomDetailsInsert {
  return {
    tenantId,
    mailboxId,
    capacity: room.capacity,
    building: room.building,
    floorNumber: room.floorNumber,
    floorLabel: room.floorLabel,
    bookingType: room.bookingType,
    isWheelChairAccessible: room.isWheelChairAccessible,
    audioDeviceName: room.audioDeviceName,
    videoDeviceName: room.videoDeviceName,
    displayDeviceName: room.displayDeviceName,
    tags: room.tags,
    nickname: room.nickname,
    label: room.label,
    latitude: room.geoCoordinates?.latitude ?? null,
    longitude: room.geoCoordinates?.longitude ?? null,
    roomLists: [...roomLists].sort(),
    missingSince: null,
    refreshedAt: now,
  };
}
