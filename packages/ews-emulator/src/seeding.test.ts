import { describe, expect, it } from 'vitest';
import { createClock } from '@calsync/graph-emulator/clock';
import { loadEwsOrganisation } from './seeding.ts';
import { createEmptyState, DEFAULT_SERVER_OPTIONS } from './state.ts';

const now = new Date('2030-01-06T08:00:00Z');

function load(seed: string, scale?: { mailboxes: number; eventsPerMailbox: number }) {
  const state = createEmptyState(createClock(now), DEFAULT_SERVER_OPTIONS);
  const organisation = loadEwsOrganisation(state, seed, now, scale);
  return { state, organisation };
}

describe('scale seeding (benchmark organisation)', () => {
  it('loads N room mailboxes × M events, every one granted to the monitor as the set-up script would', () => {
    const { state, organisation } = load('bench', { mailboxes: 40, eventsPerMailbox: 25 });
    const rooms = state.directory.listMailboxes().filter((m) => m.kind === 'room');
    expect(rooms).toHaveLength(40);
    expect(organisation.eventCount).toBe(40 * 25);
    expect(organisation.monitor.domainUser).toBe('SCALE\\monitor');
    for (const room of rooms) {
      expect(state.calendar.listEvents(room.storeId)).toHaveLength(25);
      expect(state.directory.grantsOf('monitor', room.address)).toEqual({
        fullAccess: true,
        calendarReviewer: true,
      });
    }
    expect(state.directory.grantsOf('monitor', organisation.ungrantedMailbox)).toEqual({
      fullAccess: false,
      calendarReviewer: false,
    });
    const listed = state.directory.listRoomLists().flatMap((l) => l.rooms);
    expect(listed.sort()).toEqual(rooms.map((r) => r.address).sort());
  });

  it('gives the same mailboxes, events and password for the same seed, and others for another seed', () => {
    const scale = { mailboxes: 5, eventsPerMailbox: 10 };
    const snapshot = (seed: string) => {
      const { state, organisation } = load(seed, scale);
      const rooms = state.directory.listMailboxes().filter((m) => m.kind === 'room');
      return JSON.stringify({
        password: organisation.monitor.password,
        rooms,
        // Created/modified stamps follow the flowing clock; what a client syncs must not.
        events: rooms.map((r) =>
          state.calendar
            .listEvents(r.storeId)
            .map((e) => [e['id'], e['subject'], e['start'], e['end'], e['type']]),
        ),
      });
    };
    const first = snapshot('bench');
    expect(snapshot('bench') === first).toBe(true);
    expect(snapshot('other') === first).toBe(false);
  });

  it('without scale loads the contoso organisation with its localized mailboxes', () => {
    const { state, organisation } = load('contoso');
    expect(organisation.monitor.domainUser).toBe('CONTOSO\\monitor');
    expect(state.directory.listMailboxes().some((m) => m.culture === 'ja-JP')).toBe(true);
  });
});
