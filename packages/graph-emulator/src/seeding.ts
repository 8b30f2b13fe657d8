import { createRng, generateOrganisation, loadOrganisation, mutateRandomly } from './seed/index.ts';
import type { SeedOrganisation } from './seed/index.ts';
import type { EmulatorState, SeedSummary } from './state.ts';

/** Size of the synthetic benchmark organisation (N room mailboxes × M events). */
export interface ScaleOptions {
  mailboxes: number;
  eventsPerMailbox: number;
}

/** A loaded organisation and the means to keep changing it like Outlook users would. */
export interface LoadedOrganisation {
  summary: SeedSummary;
  /** Applies one random Outlook-like change; returns what it did. */
  mutate(): string;
}

/**
 * Generates the seeded organisation (src/seed) and loads it: tenants, apps, secrets and mailboxes into the
 * directory, events into the calendar store. Same seed and `now` → same ids, secrets and events.
 */
export function loadSeededOrganisation(
  state: EmulatorState,
  seed: string,
  now: Date,
  scale?: ScaleOptions,
): LoadedOrganisation {
  const org = generateOrganisation({ seed, now, scale });
  loadDirectory(state, org);
  loadOrganisation(state.calendar, org);
  const rng = createRng(`${seed}:mutations`);
  return { summary: summarise(state, org), mutate: () => mutateRandomly(state.calendar, org, rng) };
}

function loadDirectory(state: EmulatorState, org: SeedOrganisation): void {
  const dir = state.directory;
  for (const t of org.tenants) dir.createTenant({ id: t.id, displayName: t.displayName, domains: t.domains });
  for (const a of org.apps) {
    dir.createApp({ tenantId: a.tenantId, clientId: a.clientId, displayName: a.displayName, roles: a.roles });
    for (const s of a.secrets)
      dir.addSecret(a.clientId, {
        value: s.value,
        expiresAt: s.expiresAt,
        displayName: `${a.displayName} secret`,
      });
  }
  const roomLists = new Map<string, { tenantId: string; building: string | undefined }>();
  for (const m of org.mailboxes) {
    dir.createMailbox({
      id: m.id,
      tenantId: m.tenantId,
      address: m.address,
      displayName: m.displayName,
      kind: m.kind,
      restEnabled: m.restEnabled,
      timeZone: m.timeZone,
      room:
        m.kind === 'room'
          ? { ...m.place, capacity: m.capacity, building: m.building, roomListAddress: m.roomList }
          : undefined,
    });
    if (m.roomList !== undefined && !roomLists.has(m.roomList))
      roomLists.set(m.roomList, { tenantId: m.tenantId, building: m.building });
  }
  for (const [address, l] of roomLists) {
    dir.createRoomList({
      tenantId: l.tenantId,
      address,
      displayName: l.building ?? address.split('@')[0] ?? address,
    });
  }
}

/** The first app that can read calendars with a secret that is still valid: what the CLI prints. */
function summarise(state: EmulatorState, org: SeedOrganisation): SeedSummary {
  const nowMs = state.clock.nowMs();
  const app =
    org.apps.find(
      (a) => a.roles.includes('Calendars.Read') && a.secrets.some((s) => Date.parse(s.expiresAt) > nowMs),
    ) ?? org.apps[0];
  const tenant = org.tenants.find((t) => t.id === app?.tenantId) ?? org.tenants[0];
  const secret = app?.secrets.find((s) => Date.parse(s.expiresAt) > nowMs) ?? app?.secrets[0];
  return {
    tenantId: tenant?.id ?? '',
    tenantDomain: tenant?.domains[0] ?? '',
    clientId: app?.clientId ?? '',
    clientSecret: secret?.value ?? '',
    mailboxCount: org.mailboxes.length,
    eventCount: org.events.length,
  };
}
