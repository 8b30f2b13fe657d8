import { describe, expect, it } from 'vitest';
import { createCalendarStore } from '../calendar/index.ts';
import type { CalendarStore, GraphEvent } from '../calendar/index.ts';
import { createRng, generateOrganisation, loadOrganisation, mutateRandomly } from './index.ts';

const now = new Date('2026-03-25T10:10:00Z');
const clock = { now: () => now };
const window = [new Date('2026-03-18T00:00:00Z'), new Date('2026-05-24T00:00:00Z')] as const;

function loaded(seed: string): { store: CalendarStore; org: ReturnType<typeof generateOrganisation> } {
  const org = generateOrganisation({ seed, now });
  const store = createCalendarStore({ clock });
  loadOrganisation(store, org);
  return { store, org };
}

const allViews = (store: CalendarStore, org: ReturnType<typeof generateOrganisation>): GraphEvent[] =>
  org.mailboxes.flatMap((m) => store.calendarView(m.id, ...window));

describe('seed organisation', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = loaded('contoso');
    const b = loaded('contoso');
    expect(JSON.stringify(a.org)).toBe(JSON.stringify(b.org));
    expect(JSON.stringify(allViews(a.store, a.org))).toBe(JSON.stringify(allViews(b.store, b.org)));
    expect(generateOrganisation({ seed: 'fabrikam', now }).tenants[0]?.id).not.toBe(a.org.tenants[0]?.id);
    const rngA = createRng('x');
    const rngB = createRng('x');
    const descriptions = (rng: () => number, s: ReturnType<typeof loaded>) =>
      Array.from({ length: 20 }, () => mutateRandomly(s.store, s.org, rng));
    expect(descriptions(rngA, a)).toEqual(descriptions(rngB, b));
    expect(JSON.stringify(allViews(a.store, a.org))).toBe(JSON.stringify(allViews(b.store, b.org)));
  });

  it('has rooms in three buildings and zones, equipment, people and a non-REST mailbox', () => {
    const org = generateOrganisation({ seed: 'contoso', now });
    const rooms = org.mailboxes.filter((m) => m.kind === 'room');
    expect(rooms).toHaveLength(12);
    expect(new Set(rooms.map((r) => r.timeZone))).toEqual(
      new Set(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo']),
    );
    expect(org.mailboxes.filter((m) => m.kind === 'equipment')).toHaveLength(2);
    expect(org.mailboxes.filter((m) => m.kind === 'user').length).toBeGreaterThanOrEqual(10);
    expect(org.mailboxes.some((m) => !m.restEnabled)).toBe(true);
    expect(org.tenants[0]?.domains).toEqual(['contoso.onmicrosoft.com', 'contoso.com']);
    expect(org.tenants[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('produces the variety calsync must handle', () => {
    const { store, org } = loaded('contoso');
    const events = allViews(store, org);
    const types = new Set(events.map((e) => e['type']));
    expect(types).toEqual(new Set(['singleInstance', 'occurrence', 'exception']));
    expect(events.some((e) => e['isAllDay'] === true)).toBe(true);
    expect(events.some((e) => e['sensitivity'] === 'private')).toBe(true);
    expect(
      events.some((e) =>
        (e['onlineMeeting'] as { joinUrl?: string } | null)?.joinUrl?.startsWith(
          'https://teams.microsoft.com/',
        ),
      ),
    ).toBe(true);
    const bodies = events.map((e) => (e['body'] as { content: string }).content).join('\n');
    for (const marker of ['zoom.us/j/', 'webex.com/meet/', 'meet.google.com/', 'sip:'])
      expect(bodies).toContain(marker);
    const multiDay = events.filter((e) => e['isAllDay'] === true && e['subject'] === 'Team offsite');
    expect(multiDay.length).toBeGreaterThan(0);
    const rooms = org.mailboxes.filter((m) => m.kind === 'room');
    const busyNow = rooms.filter(
      (r) => store.calendarView(r.id, now, new Date(now.getTime() + 60_000)).length > 0,
    );
    expect(busyNow.length).toBeGreaterThan(0);
    const next = rooms.filter(
      (r) => store.calendarView(r.id, now, new Date(now.getTime() + 3 * 3_600_000)).length > 0,
    );
    expect(next).toHaveLength(rooms.length);
  });

  it('scale mode generates N × M events that load and expand', () => {
    const org = generateOrganisation({ seed: 'scale', now, scale: { mailboxes: 20, eventsPerMailbox: 50 } });
    expect(org.mailboxes).toHaveLength(20);
    expect(org.events).toHaveLength(1000);
    const store = createCalendarStore({ clock });
    loadOrganisation(store, org);
    const first = org.mailboxes[0]!;
    expect(store.listEvents(first.id)).toHaveLength(50);
    expect(store.calendarView(first.id, ...window).length).toBeGreaterThan(40);
  });

  it('gives every room, seeded or scale, the same full /places metadata for the same seed', () => {
    for (const scale of [undefined, { mailboxes: 30, eventsPerMailbox: 1 }]) {
      const rooms = (seed: string) =>
        generateOrganisation({ seed, now, scale }).mailboxes.filter((m) => m.kind === 'room');
      const a = rooms('places');
      expect(JSON.stringify(a)).toBe(JSON.stringify(rooms('places')));
      for (const room of a) {
        expect(room.capacity).toBeGreaterThan(0);
        expect(room.roomList).toMatch(/^rooms-/);
        expect(room.place).toMatchObject({
          floorNumber: expect.any(Number),
          floorLabel: expect.any(String),
          bookingType: expect.stringMatching(/^(standard|reserved)$/),
          isWheelChairAccessible: expect.any(Boolean),
          tags: expect.any(Array),
          nickname: expect.any(String),
          label: expect.any(String),
          geoCoordinates: { latitude: expect.any(Number), longitude: expect.any(Number) },
        });
      }
    }
  });
});
