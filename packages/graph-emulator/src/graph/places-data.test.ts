import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §6.3: every property of Microsoft's `room` resource, for the seeded organisation.
interface RoomJson {
  emailAddress: string;
  capacity: string | null;
  building: string | null;
  floorNumber: number | null;
  floorLabel: string | null;
  bookingType: string;
  isWheelChairAccessible: boolean;
  audioDeviceName: string | null;
  videoDeviceName: string | null;
  displayDeviceName: string | null;
  tags: string[];
  nickname: string | null;
  label: string | null;
  geoCoordinates: { latitude: number; longitude: number } | null;
}

let t: TrustedEmulator;
let token: string;

beforeAll(async () => {
  t = await startTrustedEmulator();
  token = await t.seededToken();
});
afterAll(() => t.stop());

const list = async <T>(path: string): Promise<T[]> => {
  const res = await t.get(`/v1.0/places/${path}`, token);
  expect(res.status).toBe(200);
  return (res.json as { value: T[] }).value;
};

describe('seeded places', () => {
  it('serves every documented room property, with variety across the rooms', async () => {
    const rooms = await list<RoomJson>('microsoft.graph.room');
    expect(rooms).toHaveLength(12);
    for (const room of rooms) {
      expect(Number(room.capacity)).toBeGreaterThanOrEqual(4);
      expect(room.building).toMatch(/Berlin HQ|New York Office|Tokyo Office/);
      expect(room.floorNumber).toEqual(expect.any(Number));
      expect(room.floorLabel).toEqual(expect.any(String));
      expect(['standard', 'reserved']).toContain(room.bookingType);
      expect(room.nickname).toEqual(expect.any(String));
      expect(room.label).toEqual(expect.any(String));
      expect(room.geoCoordinates).toEqual({ latitude: expect.any(Number), longitude: expect.any(Number) });
    }
    expect(new Set(rooms.map((r) => r.isWheelChairAccessible))).toEqual(new Set([true, false]));
    expect(rooms.some((r) => r.displayDeviceName !== null)).toBe(true);
    expect(rooms.some((r) => r.displayDeviceName === null)).toBe(true);
    expect(rooms.some((r) => r.audioDeviceName !== null && r.videoDeviceName !== null)).toBe(true);
    expect(rooms.some((r) => r.tags.length > 0)).toBe(true);
  });

  it('has one room list per building whose members are exactly that building’s rooms', async () => {
    const rooms = await list<RoomJson>('microsoft.graph.room');
    const lists = await list<{ emailAddress: string; displayName: string }>('microsoft.graph.roomlist');
    expect(lists.map((l) => l.displayName).sort()).toEqual(['Berlin HQ', 'New York Office', 'Tokyo Office']);
    for (const l of lists) {
      const members = await list<RoomJson>(`${l.emailAddress}/microsoft.graph.roomlist/rooms`);
      const expected = rooms.filter((r) => r.building === l.displayName).map((r) => r.emailAddress);
      expect(members.map((m) => m.emailAddress).sort()).toEqual(expected.sort());
      expect(members).toHaveLength(4);
    }
  });
});
