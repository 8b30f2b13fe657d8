import {
  createRng,
  generateOrganisation,
  loadOrganisation,
  mutateRandomly,
} from '@calsync/graph-emulator/seed';
import type { SeedOrganisation } from '@calsync/graph-emulator/seed';
import { calendarFolderName } from './directory/calendar-folder-names.ts';
import { createDirectoryFor, type EwsEmulatorState } from './state.ts';

/** The monitor account of the set-up guide, as the seeded organisation creates it. */
export interface MonitorAccount {
  samAccountName: string;
  userPrincipalName: string;
  /** `CONTOSO\monitor`, the form NTLM clients usually send. */
  domainUser: string;
  password: string;
}

export interface LoadedEwsOrganisation {
  monitor: MonitorAccount;
  mailboxCount: number;
  eventCount: number;
  /** Mailbox created after the permission script ran: it has no grants (docs/exchange-ews.md §2.1). */
  ungrantedMailbox: string;
  mutate(): string;
}

/** Mailbox language by the generator's time zones: gives German and Japanese Calendar folder names. */
const CULTURE_BY_ZONE: Readonly<Record<string, string>> = {
  'Europe/Berlin': 'de-DE',
  'Asia/Tokyo': 'ja-JP',
  'America/New_York': 'en-US',
};

function password(seed: string): string {
  const rng = createRng(`${seed}:monitor`);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return `Mon!${Array.from({ length: 16 }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('')}`;
}

/** Benchmark mode: the Graph generator's synthetic N room mailboxes × M events instead of "contoso". */
export interface EwsScaleOptions {
  mailboxes: number;
  eventsPerMailbox: number;
}

/**
 * Loads the Graph emulator's organisation generator output as an on-premises Exchange organisation: the same
 * mailboxes and events (so both emulators can back one demo), plus the monitor account with FullAccess and
 * Reviewer on every mailbox the set-up script saw. Same seed, `now` and `scale` → same data and password.
 */
export function loadEwsOrganisation(
  state: EwsEmulatorState,
  seed: string,
  now: Date,
  scale?: EwsScaleOptions,
): LoadedEwsOrganisation {
  const org: SeedOrganisation = generateOrganisation({ seed, now, scale });
  const domain = org.mailboxes[0]?.address.split('@')[1] ?? 'contoso.com';
  // The organisation's own domain names the NetBIOS domain (CONTOSO\monitor, SCALE\monitor).
  state.directory = createDirectoryFor(domain);
  const dir = state.directory;
  const monitor: MonitorAccount = {
    samAccountName: 'monitor',
    userPrincipalName: `monitor@${domain}`,
    domainUser: `${dir.netbiosDomain}\\monitor`,
    password: password(seed),
  };
  dir.addAccount({
    samAccountName: monitor.samAccountName,
    userPrincipalName: monitor.userPrincipalName,
    password: monitor.password,
    lockedOut: false,
  });
  dir.addMailbox({
    address: monitor.userPrincipalName,
    displayName: 'Monitor',
    kind: 'user',
    culture: 'en-US',
    storeId: 'monitor',
  });
  for (const m of org.mailboxes) {
    dir.addMailbox({
      address: m.address,
      displayName: m.displayName,
      kind: m.kind,
      culture: CULTURE_BY_ZONE[m.timeZone] ?? 'en-US',
      storeId: m.id,
    });
  }
  const roomLists = new Map<string, { displayName: string; rooms: string[] }>();
  for (const m of org.mailboxes) {
    if (m.roomList === undefined) continue;
    const list = roomLists.get(m.roomList) ?? { displayName: m.building ?? m.roomList, rooms: [] };
    list.rooms.push(m.address);
    roomLists.set(m.roomList, list);
  }
  for (const [address, list] of roomLists) dir.addRoomList({ address, ...list });
  loadOrganisation(state.calendar, org);
  // The set-up guide's script: FullAccess on every mailbox, Reviewer on every (localized) Calendar folder.
  for (const m of dir.listMailboxes()) {
    if (m.address === monitor.userPrincipalName) continue;
    dir.setFullAccess(m.address, monitor.samAccountName, true);
    dir.setFolderPermission({
      identity: `${m.address}:\\${calendarFolderNameOf(state, m.address)}`,
      user: monitor.samAccountName,
      accessRights: 'Reviewer',
    });
  }
  const ungrantedMailbox = `newhire@${domain}`;
  dir.addMailbox({
    address: ungrantedMailbox,
    displayName: 'New Hire',
    kind: 'user',
    culture: 'fr-FR',
    storeId: 'newhire',
  });
  const rng = createRng(`${seed}:mutations`);
  return {
    monitor,
    mailboxCount: dir.listMailboxes().length,
    eventCount: org.events.length,
    ungrantedMailbox,
    mutate: () => mutateRandomly(state.calendar, org, rng),
  };
}

function calendarFolderNameOf(state: EwsEmulatorState, address: string): string {
  return calendarFolderName(state.directory.requireMailbox(address).culture);
}
