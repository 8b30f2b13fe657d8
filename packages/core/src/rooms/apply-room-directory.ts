import { and, eq, getTableColumns, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { mailboxes, roomDetails, roomLists, type Tx } from '../db/index.ts';
import { insertMailboxes } from '../mailboxes/mailbox-repository.ts';
import type { RoomDirectorySnapshot } from '../providers/directory.ts';
import { membershipByRoom, roomDetailsValues } from './room-details-values.ts';
import type { RoomDirectoryReport } from './room-directory-report.ts';

export interface ApplyRoomDirectoryInput {
  tenantId: string;
  connectorId: string;
  /** Room list addresses (lower-case) whose new rooms become mailboxes of the connector. */
  autoAddRoomsFrom: readonly string[];
  snapshot: RoomDirectorySnapshot;
  now: Date;
}

/**
 * Stores one directory snapshot for a connector, inside the caller's tenant transaction:
 * - room metadata and room-list membership of every listed room that is a mailbox of the connector;
 * - rooms of `autoAddRoomsFrom` lists that are not mailboxes yet are added (kind ROOM); rooms that
 *   already belong to another connector of the tenant stay there;
 * - rooms the directory listed before and no longer lists are disabled, never deleted, and reported
 *   (a room added by hand that the directory never listed, e.g. hidden from the address list, is left alone);
 * - rooms listed again after going missing are enabled again;
 * - the connector's room lists are replaced by the snapshot's.
 */
export async function applyRoomDirectory(
  tx: Tx,
  input: ApplyRoomDirectoryInput,
): Promise<Omit<RoomDirectoryReport, 'finishedAt'>> {
  const { tenantId, connectorId, snapshot, now } = input;
  const lists = membershipByRoom(snapshot);
  const wanted = new Set(input.autoAddRoomsFrom);
  const listed = new Map(snapshot.rooms.map((r) => [r.address, r]));

  const existing = await tx
    .select({ address: mailboxes.address })
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.address, [...listed.keys(), ''])));
  const known = new Set(existing.map((r) => r.address));
  const toAdd = snapshot.rooms.filter(
    (r) => !known.has(r.address) && (lists.get(r.address) ?? []).some((l) => wanted.has(l)),
  );
  const added = await insertMailboxes(
    tx,
    tenantId,
    connectorId,
    toAdd.map((r) => ({ address: r.address, displayName: r.displayName, kind: 'ROOM' as const })),
    { onForeign: 'skip' },
  );

  // The connector's mailboxes the directory lists, with whether they were missing before.
  const tracked = await tx
    .select({ ...getTableColumns(mailboxes), missingSince: roomDetails.missingSince })
    .from(mailboxes)
    .leftJoin(
      roomDetails,
      and(eq(roomDetails.tenantId, mailboxes.tenantId), eq(roomDetails.mailboxId, mailboxes.id)),
    )
    .where(
      and(
        eq(mailboxes.tenantId, tenantId),
        eq(mailboxes.connectorId, connectorId),
        inArray(mailboxes.address, [...listed.keys(), '']),
      ),
    );
  const restored: string[] = [];
  for (const row of tracked) {
    const room = listed.get(row.address);
    if (!room) continue;
    const values = roomDetailsValues(tenantId, row.id, room, lists.get(row.address) ?? [], now);
    await tx
      .insert(roomDetails)
      .values(values)
      .onConflictDoUpdate({ target: [roomDetails.tenantId, roomDetails.mailboxId], set: values });
    const reenable = row.missingSince !== null && !row.enabled;
    if (reenable) restored.push(row.address);
    await tx
      .update(mailboxes)
      .set({
        kind: 'ROOM',
        displayName: row.displayName ?? room.displayName,
        ...(reenable ? { enabled: true } : {}),
        updatedAt: now,
      })
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, row.id)));
  }

  const { disabled, detail } = await disableMissingRooms(tx, input, [...listed.keys()]);
  await replaceRoomLists(tx, input);
  return {
    ok: true,
    rooms: snapshot.rooms.length,
    roomLists: snapshot.roomLists.length,
    added: added.map((m) => m.address).sort(),
    disabled,
    restored: restored.sort(),
    detail,
  };
}

/**
 * Rooms the directory listed before (room_details present, not missing) and not now. An empty room
 * directory is more likely a directory problem than every room gone: then nothing is disabled.
 */
async function disableMissingRooms(
  tx: Tx,
  input: ApplyRoomDirectoryInput,
  listedAddresses: string[],
): Promise<{ disabled: string[]; detail: string | null }> {
  const { tenantId, connectorId, now } = input;
  const gone = await tx
    .select({ id: mailboxes.id, address: mailboxes.address })
    .from(mailboxes)
    .innerJoin(
      roomDetails,
      and(eq(roomDetails.tenantId, mailboxes.tenantId), eq(roomDetails.mailboxId, mailboxes.id)),
    )
    .where(
      and(
        eq(mailboxes.tenantId, tenantId),
        eq(mailboxes.connectorId, connectorId),
        isNull(roomDetails.missingSince),
        notInArray(mailboxes.address, [...listedAddresses, '']),
      ),
    );
  if (gone.length === 0) return { disabled: [], detail: null };
  if (listedAddresses.length === 0) {
    return {
      disabled: [],
      detail: `The directory listed no rooms; ${gone.length} room(s) it listed before were left enabled.`,
    };
  }
  const ids = gone.map((g) => g.id);
  await tx
    .update(roomDetails)
    .set({ missingSince: now })
    .where(and(eq(roomDetails.tenantId, tenantId), inArray(roomDetails.mailboxId, ids)));
  await tx
    .update(mailboxes)
    .set({ enabled: false, updatedAt: now })
    .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.id, ids)));
  return { disabled: gone.map((g) => g.address).sort(), detail: null };
}

async function replaceRoomLists(tx: Tx, input: ApplyRoomDirectoryInput): Promise<void> {
  const { tenantId, connectorId, snapshot, now } = input;
  const addresses = snapshot.roomLists.map((l) => l.address);
  await tx
    .delete(roomLists)
    .where(
      and(
        eq(roomLists.tenantId, tenantId),
        eq(roomLists.connectorId, connectorId),
        notInArray(roomLists.address, [...addresses, '']),
      ),
    );
  if (snapshot.roomLists.length === 0) return;
  await tx
    .insert(roomLists)
    .values(
      snapshot.roomLists.map((l) => ({
        tenantId,
        connectorId,
        address: l.address,
        displayName: l.displayName,
        refreshedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [roomLists.tenantId, roomLists.connectorId, roomLists.address],
      set: { displayName: sql`excluded.display_name`, refreshedAt: now },
    });
}
