import { describe, expect, it } from 'vitest';
import { createIdSource } from '../ids.ts';
import { createRng, pickInt, pickOne } from '../seed/rng.ts';
import type { Rng } from '../seed/types.ts';
import { createDirectory, type Directory } from './directory.ts';
import { DirectoryError } from './directory-error.ts';
import type { Mailbox } from './types.ts';

// The directory answers lookups from indexes (mailbox-index.ts). Each answer must be the one a scan
// of every mailbox in creation order gives, which is how the directory answered before it had them.

const TENANTS = ['tenant-a', 'tenant-b'];
const NAMES = ['alice@a.example', 'bob@a.example', 'room1@a.example', 'room2@b.example', 'carol@b.example'];
const LISTS = ['rooms-north@a.example', 'rooms-south@a.example'];

const lower = (s: string): string => s.toLowerCase();
/** The same name in a random case: every lookup is case-insensitive. */
const anyCase = (rng: Rng, s: string): string =>
  [...s].map((c) => (rng() < 0.5 ? c.toUpperCase() : c)).join('');

/** What a scan of every mailbox in creation order answers (listMailboxes() keeps that order). */
function scanned(dir: Directory) {
  const all = (): Mailbox[] => dir.listMailboxes();
  const rooms = (tenantId: string): Mailbox[] =>
    all().filter((m) => m.tenantId === tenantId && m.kind === 'room');
  return {
    findMailbox: (k: string) =>
      all().find((m) => lower(m.id) === lower(k)) ??
      all().find((m) => lower(m.address) === lower(k) || lower(m.userPrincipalName) === lower(k)),
    resolveUser: (k: string, smtp: boolean) =>
      all().find((m) => lower(m.id) === lower(k)) ??
      all().find((m) => lower(m.userPrincipalName) === lower(k) || (smtp && lower(m.address) === lower(k))),
    listMailboxes: (tenantId: string) => all().filter((m) => m.tenantId === tenantId),
    listRooms: rooms,
    listRoomsInList: (tenantId: string, list: string) =>
      rooms(tenantId).filter((m) => m.room?.roomListAddress?.toLowerCase() === lower(list)),
    findUsers: (tenantId: string, field: 'address' | 'userPrincipalName', value: string) =>
      all().filter((m) => m.tenantId === tenantId && lower(m[field]) === lower(value)),
  };
}

/** One random change: create, re-address, rename the UPN, move between room lists, delete, or drop a tenant. */
function change(dir: Directory, rng: Rng): void {
  const existing = dir.listMailboxes();
  const some = existing.length > 0 ? pickOne(rng, existing) : undefined;
  const op = pickInt(rng, 0, 9);
  try {
    if (op <= 3 || some === undefined) {
      const kind = rng() < 0.5 ? 'room' : 'user';
      dir.createMailbox({
        tenantId: pickOne(rng, TENANTS),
        address: anyCase(rng, pickOne(rng, NAMES)),
        displayName: 'x',
        kind,
        // A UPN may equal another mailbox's address: the first created must still win.
        ...(rng() < 0.4 ? { userPrincipalName: anyCase(rng, pickOne(rng, NAMES)) } : {}),
        ...(kind === 'room' && rng() < 0.8 ? { room: { roomListAddress: pickOne(rng, LISTS) } } : {}),
      });
    } else if (op === 4) dir.updateMailbox(some.id, { address: anyCase(rng, pickOne(rng, NAMES)) });
    else if (op === 5) dir.updateMailbox(some.id, { userPrincipalName: anyCase(rng, pickOne(rng, NAMES)) });
    else if (op === 6)
      dir.updateMailbox(some.id, { room: { roomListAddress: anyCase(rng, pickOne(rng, LISTS)) } });
    else if (op === 7) dir.updateMailbox(anyCase(rng, some.address), { displayName: 'renamed' });
    else if (op === 8) dir.deleteMailbox(anyCase(rng, some.id));
    else {
      const tenantId = pickOne(rng, TENANTS);
      dir.deleteTenant(tenantId);
      dir.createTenant({ id: tenantId, displayName: tenantId, domains: [`${tenantId}.example`] });
    }
  } catch (error) {
    // Taken addresses are refused; that is part of the behaviour, not a failure of the test.
    if (!(error instanceof DirectoryError)) throw error;
  }
}

function expectSameAnswers(dir: Directory, rng: Rng): void {
  const scan = scanned(dir);
  const keys = [...NAMES, ...dir.listMailboxes().map((m) => m.id), 'nobody@a.example'];
  for (const k of keys.map((key) => anyCase(rng, key))) {
    expect(dir.findMailbox(k)).toBe(scan.findMailbox(k));
    expect(dir.resolveUser(k, { smtp: true })).toBe(scan.resolveUser(k, true));
    expect(dir.resolveUser(k, { smtp: false })).toBe(scan.resolveUser(k, false));
  }
  for (const tenantId of TENANTS) {
    expect(dir.listMailboxes(tenantId)).toEqual(scan.listMailboxes(tenantId));
    expect(dir.listRooms(tenantId)).toEqual(scan.listRooms(tenantId));
    for (const list of LISTS) {
      const asked = anyCase(rng, list);
      expect(dir.listRoomsInList(tenantId, asked)).toEqual(scan.listRoomsInList(tenantId, asked));
    }
    for (const name of NAMES)
      for (const field of ['address', 'userPrincipalName'] as const) {
        const asked = anyCase(rng, name);
        expect(dir.findUsers(tenantId, field, asked)).toEqual(scan.findUsers(tenantId, field, asked));
      }
  }
}

describe('directory lookups', () => {
  it('answer as a scan in creation order would, through creates, updates and deletes', () => {
    for (let run = 0; run < 30; run++) {
      const rng = createRng(`directory-lookups:${run}`);
      const dir = createDirectory(createIdSource(`directory-lookups:${run}`));
      for (const id of TENANTS) dir.createTenant({ id, displayName: id, domains: [`${id}.example`] });
      for (let step = 0; step < 60; step++) {
        change(dir, rng);
        expectSameAnswers(dir, rng);
      }
    }
  });

  it('deleting a tenant removes its mailboxes from every lookup and returns their ids in creation order', () => {
    const dir = createDirectory(createIdSource('delete-tenant'));
    for (const id of TENANTS) dir.createTenant({ id, displayName: id, domains: [`${id}.example`] });
    const room = dir.createMailbox({
      tenantId: 'tenant-a',
      address: 'Room1@a.example',
      displayName: 'Room 1',
      kind: 'room',
      room: { roomListAddress: LISTS[0] },
    });
    const user = dir.createMailbox({
      tenantId: 'tenant-a',
      address: 'alice@a.example',
      displayName: 'Alice',
    });
    const other = dir.createMailbox({
      tenantId: 'tenant-b',
      address: 'carol@b.example',
      displayName: 'Carol',
    });
    expect(dir.deleteTenant('tenant-a')).toEqual({ mailboxIds: [room.id, user.id] });
    expect(dir.findMailbox('room1@a.example')).toBeUndefined();
    expect(dir.findMailbox(user.id)).toBeUndefined();
    expect(dir.listRoomsInList('tenant-a', LISTS[0]!)).toEqual([]);
    expect(dir.listMailboxes()).toEqual([other]);
  });

  it('seeds 100,000 mailboxes and finds each by address without scanning the others', () => {
    // A scan per lookup made this quadratic (minutes at this size); indexed, it takes about a second.
    const dir = createDirectory(createIdSource('many'));
    dir.createTenant({ id: 'scale', displayName: 'Scale', domains: ['scale.example'] });
    const started = performance.now();
    for (let m = 0; m < 100_000; m++)
      dir.createMailbox({
        tenantId: 'scale',
        address: `room-${m}@scale.example`,
        displayName: `Room ${m}`,
        kind: 'room',
      });
    for (let m = 0; m < 100_000; m += 997)
      expect(dir.resolveUser(`ROOM-${m}@scale.example`, { smtp: false })?.displayName).toBe(`Room ${m}`);
    expect(dir.listRooms('scale')).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
