import type { RoomBookingType } from '../directory/types.ts';
import { createRng, pickInt, pickOne } from './rng.ts';

/** The /places properties of a seeded room beyond capacity, building and room list. */
export interface SeedPlace {
  floorNumber: number;
  floorLabel: string;
  bookingType: RoomBookingType;
  isWheelChairAccessible: boolean;
  audioDeviceName?: string | undefined;
  videoDeviceName?: string | undefined;
  displayDeviceName?: string | undefined;
  tags: string[];
  nickname: string;
  label: string;
  geoCoordinates: { latitude: number; longitude: number };
}

const AUDIO = ['Jabra Speak 750', 'Poly Sync 60', 'Yealink CP900'] as const;
const VIDEO = ['Logitech Rally Bar', 'Poly Studio X50', 'Neat Bar'] as const;
const DISPLAY = ['Surface Hub 2S', 'Samsung QM75', 'LG 65UH5F'] as const;
const TAGS = ['whiteboard', 'window', 'standing desk', 'quiet', 'kitchen nearby'] as const;

/**
 * Deterministic room metadata drawn from the room's own address, so adding it leaves the
 * organisation's main random sequence (ids, secrets, events) exactly as it was.
 */
export function seedPlace(
  address: string,
  nickname: string,
  origin: { latitude: number; longitude: number },
): SeedPlace {
  const rng = createRng(`place:${address}`);
  const floorNumber = pickInt(rng, 0, 6);
  const tags = TAGS.filter(() => rng() < 0.35);
  const place: SeedPlace = {
    floorNumber,
    floorLabel: floorNumber === 0 ? 'Ground floor' : `Floor ${floorNumber}`,
    // About one room in eight is reserved (bookable only by its delegates).
    bookingType: rng() < 0.125 ? 'reserved' : 'standard',
    isWheelChairAccessible: rng() < 0.6,
    tags,
    nickname,
    label: `${floorNumber}.${String(pickInt(rng, 1, 40)).padStart(2, '0')}`,
    geoCoordinates: {
      latitude: round6(origin.latitude + (rng() - 0.5) / 500),
      longitude: round6(origin.longitude + (rng() - 0.5) / 500),
    },
  };
  if (rng() < 0.6) place.audioDeviceName = pickOne(rng, AUDIO);
  if (rng() < 0.5) place.videoDeviceName = pickOne(rng, VIDEO);
  if (rng() < 0.7) place.displayDeviceName = pickOne(rng, DISPLAY);
  return place;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
