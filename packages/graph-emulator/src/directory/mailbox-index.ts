import { CreationOrderedGroups } from './creation-ordered-groups.ts';
import type { Mailbox } from './types.ts';

/**
 * The directory's mailboxes, indexed by id, address, UPN, tenant and room list. In scale mode every
 * Graph request resolves its mailbox here and seeding checks each new address against the others, so
 * a scan per lookup made 100,000 mailboxes quadratic. Answers are those of a scan in creation order:
 * where several mailboxes share an address or UPN (nothing forbids a UPN equal to another mailbox's
 * address), the one created first wins, and every list comes in creation order.
 */
export interface MailboxIndex {
  add(mailbox: Mailbox): void;
  remove(mailbox: Mailbox): void;
  /** Removes every mailbox of a tenant at once and returns them (in creation order). */
  removeTenant(tenantId: string): Mailbox[];
  /** Runs `change` on the mailbox (its address, UPN or room details) and indexes it again. */
  update(mailbox: Mailbox, change: () => void): void;
  /** By object id, case-insensitive. */
  byId(id: string): Mailbox | undefined;
  /** The first-created mailbox whose address (with `address`) or UPN (with `upn`) is `name`, case-insensitive. */
  firstNamed(name: string, fields: { address: boolean; upn: boolean }): Mailbox | undefined;
  /** Every mailbox whose address or whose UPN is `name`, case-insensitive, in creation order. */
  named(field: 'address' | 'userPrincipalName', name: string): readonly Mailbox[];
  all(): IterableIterator<Mailbox>;
  ofTenant(tenantId: string): readonly Mailbox[];
  roomsOfTenant(tenantId: string): readonly Mailbox[];
  /** The tenant's rooms whose room list address is `listAddress`, case-insensitive. */
  roomsInList(tenantId: string, listAddress: string): readonly Mailbox[];
}

const lower = (s: string): string => s.toLowerCase();
// Tenant ids are matched exactly, as the directory's tenant filters always did.
const roomListKey = (tenantId: string, listAddress: string): string => `${tenantId}\n${lower(listAddress)}`;

export function createMailboxIndex(): MailboxIndex {
  const ids = new Map<string, Mailbox>();
  const creation = new WeakMap<Mailbox, number>();
  let created = 0;
  const rank = (m: Mailbox): number => creation.get(m) ?? Number.MAX_SAFE_INTEGER;
  const addresses = new CreationOrderedGroups(rank);
  const upns = new CreationOrderedGroups(rank);
  const tenants = new CreationOrderedGroups(rank);
  const rooms = new CreationOrderedGroups(rank);
  const roomLists = new CreationOrderedGroups(rank);

  const listKeyOf = (m: Mailbox): string | undefined =>
    m.kind === 'room' && m.room?.roomListAddress !== undefined
      ? roomListKey(m.tenantId, m.room.roomListAddress)
      : undefined;
  const indexNames = (m: Mailbox): void => {
    addresses.add(lower(m.address), m);
    upns.add(lower(m.userPrincipalName), m);
  };
  const unindexNames = (m: Mailbox): void => {
    addresses.remove(lower(m.address), m);
    upns.remove(lower(m.userPrincipalName), m);
  };
  const indexRoomList = (m: Mailbox): void => {
    const list = listKeyOf(m);
    if (list !== undefined) roomLists.add(list, m);
  };
  const unindexRoomList = (m: Mailbox): void => {
    const list = listKeyOf(m);
    if (list !== undefined) roomLists.remove(list, m);
  };
  const earlier = (a: Mailbox | undefined, b: Mailbox | undefined): Mailbox | undefined =>
    a === undefined ? b : b === undefined || rank(a) < rank(b) ? a : b;

  return {
    add(m) {
      creation.set(m, created++);
      ids.set(lower(m.id), m);
      tenants.add(m.tenantId, m);
      if (m.kind === 'room') rooms.add(m.tenantId, m);
      indexNames(m);
      indexRoomList(m);
    },
    remove(m) {
      ids.delete(lower(m.id));
      tenants.remove(m.tenantId, m);
      if (m.kind === 'room') rooms.remove(m.tenantId, m);
      unindexNames(m);
      unindexRoomList(m);
    },
    removeTenant(tenantId) {
      const removed = [...tenants.get(tenantId)];
      const lists = new Set<string>();
      for (const m of removed) {
        ids.delete(lower(m.id));
        unindexNames(m);
        const list = listKeyOf(m);
        if (list !== undefined) lists.add(list);
      }
      // Whole groups at once: removing a tenant's mailboxes one by one from them would be quadratic.
      for (const list of lists) roomLists.drop(list);
      tenants.drop(tenantId);
      rooms.drop(tenantId);
      return removed;
    },
    update(m, change) {
      unindexNames(m);
      unindexRoomList(m);
      try {
        change();
      } finally {
        indexNames(m);
        indexRoomList(m);
      }
    },
    byId: (id) => ids.get(lower(id)),
    firstNamed(name, fields) {
      const k = lower(name);
      return earlier(
        fields.address ? addresses.get(k)[0] : undefined,
        fields.upn ? upns.get(k)[0] : undefined,
      );
    },
    named: (field, name) => (field === 'address' ? addresses : upns).get(lower(name)),
    all: () => ids.values(),
    ofTenant: (tenantId) => tenants.get(tenantId),
    roomsOfTenant: (tenantId) => rooms.get(tenantId),
    roomsInList: (tenantId, listAddress) => roomLists.get(roomListKey(tenantId, listAddress)),
  };
}
