import { seedPlace } from './room-metadata.ts';
import { makeGuid, makeSecret, pickInt } from './rng.ts';
import type { Rng, SeedOrganisation } from './types.ts';

type Mailbox = SeedOrganisation['mailboxes'][number];

/** Buildings of the default organisation: one per time zone, four rooms each. */
export const BUILDINGS = [
  {
    name: 'Berlin HQ',
    slug: 'berlin',
    timeZone: 'Europe/Berlin',
    origin: { latitude: 52.52, longitude: 13.405 },
    rooms: ['Spree', 'Havel', 'Tegel', 'Wannsee'],
  },
  {
    name: 'New York Office',
    slug: 'newyork',
    timeZone: 'America/New_York',
    origin: { latitude: 40.7128, longitude: -74.006 },
    rooms: ['Hudson', 'Brooklyn', 'Chelsea', 'Harlem'],
  },
  {
    name: 'Tokyo Office',
    slug: 'tokyo',
    timeZone: 'Asia/Tokyo',
    origin: { latitude: 35.6762, longitude: 139.6503 },
    rooms: ['Sakura', 'Fuji', 'Ginza', 'Shibuya'],
  },
] as const;

const PEOPLE: readonly [string, string, string][] = [
  ['Megan Bowen', 'meganb', 'Europe/Berlin'],
  ['Diego Siciliani', 'diegos', 'Europe/Berlin'],
  ['Johanna Lorenz', 'johannal', 'Europe/Berlin'],
  ['Lynne Robbins', 'lynner', 'Europe/Berlin'],
  ['Adele Vance', 'adelev', 'America/New_York'],
  ['Alex Wilber', 'alexw', 'America/New_York'],
  ['Lidia Holloway', 'lidiah', 'America/New_York'],
  ['Patti Fernandez', 'pattif', 'America/New_York'],
  ['Isaiah Langer', 'isaiahl', 'Asia/Tokyo'],
  ['Nestor Wilke', 'nestorw', 'Asia/Tokyo'],
];

const DOMAIN = 'contoso.com';

/** Tenant, apps and mailboxes of the default "contoso" organisation. */
export function buildContosoDirectory(rng: Rng, now: Date): Omit<SeedOrganisation, 'events' | 'generatedAt'> {
  const tenantId = makeGuid(rng);
  const year = 365 * 86_400_000;
  const secret = (expiresInMs: number): SeedOrganisation['apps'][number]['secrets'][number] => {
    const value = makeSecret(rng);
    return {
      id: makeGuid(rng),
      value,
      hint: value.slice(0, 3),
      expiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
    };
  };
  const apps: SeedOrganisation['apps'] = [
    {
      tenantId,
      clientId: makeGuid(rng),
      displayName: 'calsync',
      roles: ['Calendars.Read', 'Place.Read.All', 'User.Read.All'],
      secrets: [secret(year)],
    },
    {
      tenantId,
      clientId: makeGuid(rng),
      displayName: 'Reporting (expired secret)',
      roles: ['Calendars.Read'],
      secrets: [secret(-30 * 86_400_000)],
    },
    {
      tenantId,
      clientId: makeGuid(rng),
      displayName: 'Unconsented tool',
      roles: [],
      secrets: [secret(year)],
    },
  ];
  const mailboxes: Mailbox[] = [];
  for (const building of BUILDINGS) {
    for (const room of building.rooms) {
      const address = `${building.slug}-${room.toLowerCase()}@${DOMAIN}`;
      mailboxes.push({
        id: makeGuid(rng),
        tenantId,
        address,
        displayName: `${building.name} ${room}`,
        kind: 'room',
        restEnabled: true,
        timeZone: building.timeZone,
        capacity: pickInt(rng, 4, 24),
        building: building.name,
        roomList: `rooms-${building.slug}@${DOMAIN}`,
        place: seedPlace(address, room, building.origin),
      });
    }
  }
  mailboxes.push(
    {
      id: makeGuid(rng),
      tenantId,
      address: `projector-cart@${DOMAIN}`,
      displayName: 'Projector Cart',
      kind: 'equipment',
      restEnabled: true,
      timeZone: 'Europe/Berlin',
      building: 'Berlin HQ',
    },
    {
      id: makeGuid(rng),
      tenantId,
      address: `pool-car@${DOMAIN}`,
      displayName: 'Pool Car',
      kind: 'equipment',
      restEnabled: true,
      timeZone: 'America/New_York',
      building: 'New York Office',
    },
  );
  for (const [name, alias, timeZone] of PEOPLE) {
    mailboxes.push({
      id: makeGuid(rng),
      tenantId,
      address: `${alias}@${DOMAIN}`,
      displayName: name,
      kind: 'user',
      restEnabled: true,
      timeZone,
    });
  }
  // An on-premises mailbox: Graph answers MailboxNotEnabledForRESTAPI for it.
  mailboxes.push({
    id: makeGuid(rng),
    tenantId,
    address: `onprem.archive@${DOMAIN}`,
    displayName: 'On-prem Archive',
    kind: 'user',
    restEnabled: false,
    timeZone: 'Europe/Berlin',
  });
  return {
    tenants: [{ id: tenantId, displayName: 'Contoso', domains: ['contoso.onmicrosoft.com', DOMAIN] }],
    apps,
    mailboxes,
  };
}
