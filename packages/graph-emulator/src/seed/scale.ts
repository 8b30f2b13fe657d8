import type { EventInput } from '../calendar/index.ts';
import { localNow, wallTimeFrom } from './local-time.ts';
import type { FormatterCache } from './local-time.ts';
import { seedPlace } from './room-metadata.ts';
import { makeGuid, makeSecret, pickInt } from './rng.ts';
import type { Rng, SeedOrganisation } from './types.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London', 'America/Los_Angeles'];

/**
 * Synthetic benchmark organisation: N room mailboxes × M events. Inputs share nested objects and carry
 * few fields, so 1,000 × 1,000 fits in memory; ~10% of events are weekly series.
 */
export function buildScaleOrganisation(
  rng: Rng,
  now: Date,
  mailboxCount: number,
  eventsPerMailbox: number,
): SeedOrganisation {
  const tenantId = makeGuid(rng);
  const value = makeSecret(rng);
  const organizer = { emailAddress: { name: 'Scale Organizer', address: 'organizer@scale.example' } };
  const body = { contentType: 'html' as const, content: '' };
  const mailboxes: SeedOrganisation['mailboxes'] = [];
  const events: SeedOrganisation['events'] = [];
  const formatters: FormatterCache = new Map();
  for (let m = 0; m < mailboxCount; m++) {
    const timeZone = ZONES[m % ZONES.length] ?? 'UTC';
    const id = makeGuid(rng);
    const address = `room-${String(m).padStart(5, '0')}@scale.example`;
    const displayName = `Scale Room ${m}`;
    mailboxes.push({
      id,
      tenantId,
      address,
      displayName,
      kind: 'room',
      restEnabled: true,
      timeZone,
      // Capacities 4–24 in steps of 2, spread evenly so capacity filters select a predictable share.
      capacity: 4 + 2 * (m % 11),
      building: `Building ${m % 10}`,
      roomList: `rooms-${m % 10}@scale.example`,
      place: seedPlace(address, displayName, { latitude: 47.64, longitude: -122.13 }),
    });
    const today = Date.parse(`${localNow(now, timeZone, formatters).date}T00:00:00Z`);
    const location = { displayName };
    for (let e = 0; e < eventsPerMailbox; e++) {
      const day = pickInt(rng, -7, 60);
      const startMin = pickInt(rng, 14, 38) * 30;
      const minutes = 30 * pickInt(rng, 1, 4);
      const input: EventInput = {
        subject: `Meeting ${e}`,
        start: { dateTime: wallTimeFrom(today, day, startMin), timeZone },
        end: { dateTime: wallTimeFrom(today, day, startMin + minutes), timeZone },
        isOrganizer: false,
        organizer,
        body,
        location,
      };
      if (e % 10 === 0) {
        input.recurrence = {
          pattern: {
            type: 'weekly',
            interval: 1,
            daysOfWeek: ['monday', 'thursday'],
            firstDayOfWeek: 'sunday',
          },
          range: {
            type: 'numbered',
            startDate: wallTimeFrom(today, day, 0).slice(0, 10),
            numberOfOccurrences: 8,
          },
        };
      }
      events.push({ mailboxId: id, input });
    }
  }
  return {
    generatedAt: now.toISOString(),
    tenants: [{ id: tenantId, displayName: 'Scale', domains: ['scale.onmicrosoft.com', 'scale.example'] }],
    apps: [
      {
        tenantId,
        clientId: makeGuid(rng),
        displayName: 'calsync',
        roles: ['Calendars.Read', 'Place.Read.All'],
        secrets: [
          {
            id: makeGuid(rng),
            value,
            hint: value.slice(0, 3),
            expiresAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
          },
        ],
      },
    ],
    mailboxes,
    events,
  };
}
