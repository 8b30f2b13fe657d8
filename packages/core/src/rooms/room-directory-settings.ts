import { badInput } from '../errors/index.ts';
import { normaliseAddresses } from '../mailboxes/mailbox-address.ts';

/** Daily by default; at most monthly. */
export const ROOM_DIRECTORY_INTERVAL_HOURS = { default: 24, min: 1, max: 720 } as const;

export function validateRoomDirectoryInterval(hours: number): number {
  const { min, max } = ROOM_DIRECTORY_INTERVAL_HOURS;
  if (!Number.isInteger(hours) || hours < min || hours > max)
    throw badInput('roomDirectoryIntervalHours', `must be a whole number of hours from ${min} to ${max}`);
  return hours;
}

/** Room list addresses, lower-cased and de-duplicated; a bad one is BAD_USER_INPUT naming its index. */
export function validateAutoAddRoomsFrom(addresses: readonly string[]): string[] {
  return normaliseAddresses('autoAddRoomsFrom', addresses);
}
