// Ground truth for findRooms, from the emulator's own calendar view and directory (not calsync's code):
// a room is free when no event of its calendar view blocks any part of [start, end).
import type { RunningEmulator } from '@calsync/graph-emulator';

const DAY_MS = 86_400_000;

/** Offset of `zone` from UTC at `instant`, in ms (Intl, no calsync code). */
function zoneOffsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - instant;
}

/** The UTC instant of local midnight starting `date` (YYYY-MM-DD) in `zone`. */
export function localMidnight(date: string, zone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const first = guess - zoneOffsetMs(guess, zone);
  return guess - zoneOffsetMs(first, zone);
}

/** Blocking intervals of one emulator mailbox around [start, end): all-day events cover their local days. */
function blocking(emu: RunningEmulator, mailboxId: string, zone: string, start: Date, end: Date) {
  const view = emu.state.calendar.calendarView(
    mailboxId,
    new Date(start.getTime() - 2 * DAY_MS),
    new Date(end.getTime() + 2 * DAY_MS),
    'UTC',
  );
  return view
    .filter((ev) => ev.isCancelled !== true && !['free', 'workingElsewhere'].includes(String(ev.showAs)))
    .map((ev) => {
      const s = (ev.start as { dateTime: string }).dateTime;
      const e = (ev.end as { dateTime: string }).dateTime;
      if (ev.isAllDay === true)
        return [localMidnight(s.slice(0, 10), zone), localMidnight(e.slice(0, 10), zone)];
      return [Date.parse(`${s.slice(0, 23)}Z`), Date.parse(`${e.slice(0, 23)}Z`)];
    });
}

/** Addresses (lower-case) of the tenant's emulator rooms free for the whole of [start, end). */
export function freeRoomsTruth(emu: RunningEmulator, tenantId: string, start: Date, end: Date): string[] {
  return emu.state.directory
    .listMailboxes(tenantId)
    .filter((m) => m.kind === 'room')
    .filter((m) =>
      blocking(emu, m.id, m.timeZone, start, end).every(
        ([s, e]) => !(s! < end.getTime() && e! > start.getTime()),
      ),
    )
    .map((m) => m.address.toLowerCase())
    .sort();
}
