import type { EmulatorState, SeedSummary } from './state.ts';

/**
 * Loads a small deterministic organisation: one tenant, one app with a secret and the roles calsync needs,
 * a few people and rooms, and a handful of events. Same seed → same ids, secrets and events.
 */
export function seedOrganisation(state: EmulatorState, seed: string): SeedSummary {
  const slug = seed.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'contoso';
  const domain = `${slug}.onmicrosoft.com`;
  const tenant = state.directory.createTenant({ displayName: capitalise(slug), domains: [domain] });
  const app = state.directory.createApp({
    tenantId: tenant.id,
    displayName: 'calsync',
    roles: ['Calendars.Read', 'Place.Read.All', 'User.Read.All'],
  });
  const secret = state.directory.addSecret(app.clientId, { displayName: 'calsync secret' });
  const people = ['Adele Vance', 'Megan Bowen', 'Alex Wilber', 'Diego Siciliani'];
  const mailboxes = people.map((name) =>
    state.directory.createMailbox({
      tenantId: tenant.id,
      address: `${name.split(' ')[0]!.toLowerCase()}@${domain}`,
      displayName: name,
    }),
  );
  state.directory.createRoomList({
    tenantId: tenant.id,
    address: `building1@${domain}`,
    displayName: 'Building 1',
  });
  for (const [i, room] of ['Conf Room Adams', 'Conf Room Baker'].entries()) {
    mailboxes.push(
      state.directory.createMailbox({
        tenantId: tenant.id,
        address: `${room.split(' ').pop()!.toLowerCase()}@${domain}`,
        displayName: room,
        kind: 'room',
        room: {
          capacity: 8 + i * 4,
          building: '1',
          floorNumber: i + 1,
          roomListAddress: `building1@${domain}`,
        },
      }),
    );
  }
  let eventCount = 0;
  const base = new Date(state.clock.now().toISOString().slice(0, 10) + 'T00:00:00Z');
  for (const [i, m] of mailboxes.entries()) {
    for (let d = 0; d < 5; d++) {
      const start = new Date(base.getTime() + (d * 24 + 9 + i) * 3600_000);
      const end = new Date(start.getTime() + 3600_000);
      state.calendar.createEvent(m.id, {
        subject: `Meeting ${d + 1} of ${m.displayName}`,
        start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: end.toISOString().slice(0, 19), timeZone: 'UTC' },
      });
      eventCount += 1;
    }
  }
  return {
    tenantId: tenant.id,
    tenantDomain: domain,
    clientId: app.clientId,
    clientSecret: secret.value,
    mailboxCount: mailboxes.length,
    eventCount,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
