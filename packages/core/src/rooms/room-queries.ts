import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Core } from '../create-core.ts';
import { isUuid, roomDetails, roomLists, withTenant, type RoomDetailsRow } from '../db/index.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { resolveTenant, type Principal } from '../tenancy/index.ts';

/** Mailbox.room as the API shows it. */
export interface RoomView {
  capacity: number | null;
  building: string | null;
  floorNumber: number | null;
  floorLabel: string | null;
  roomLists: string[];
  bookingType: RoomDetailsRow['bookingType'];
  isWheelChairAccessible: boolean | null;
  audioDeviceName: string | null;
  videoDeviceName: string | null;
  displayDeviceName: string | null;
  tags: string[];
  nickname: string | null;
  label: string | null;
  geoCoordinates: { latitude: number; longitude: number } | null;
  missingSince: Date | null;
  refreshedAt: Date;
}

export function toRoomView(row: RoomDetailsRow): RoomView {
  const { tenantId: _t, mailboxId: _m, latitude, longitude, ...rest } = row;
  return {
    ...rest,
    geoCoordinates: latitude !== null && longitude !== null ? { latitude, longitude } : null,
  };
}

/** Room metadata of these mailboxes (one query); mailboxes the directory never described are absent. */
export async function findRoomDetails(
  db: Core['db'],
  tenantId: string,
  mailboxIds: readonly string[],
): Promise<Map<string, RoomView>> {
  const ids = mailboxIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(roomDetails)
      .where(and(eq(roomDetails.tenantId, tenantId), inArray(roomDetails.mailboxId, ids))),
  );
  return new Map(rows.map((r) => [r.mailboxId, toRoomView(r)]));
}

export interface RoomListView {
  address: string;
  displayName: string | null;
  /** Rooms of this tenant whose metadata names the list. */
  roomCount: number;
  refreshedAt: Date;
}

/** The room lists a connector's directory reported at its last run, by address. */
export async function listRoomLists(
  core: Pick<Core, 'db'>,
  principal: Principal,
  connectorId: string,
): Promise<RoomListView[]> {
  const tenantId = resolveTenant(principal);
  return withTenant(core.db, tenantId, async (tx) => {
    await requireConnectorRow(tx, tenantId, connectorId);
    return tx
      .select({
        address: roomLists.address,
        displayName: roomLists.displayName,
        refreshedAt: roomLists.refreshedAt,
        roomCount: sql<number>`(select count(*)::int from ${roomDetails} where ${roomDetails.tenantId} = ${roomLists.tenantId} and ${roomLists.address} = any(${roomDetails.roomLists}))`,
      })
      .from(roomLists)
      .where(and(eq(roomLists.tenantId, tenantId), eq(roomLists.connectorId, connectorId)))
      .orderBy(asc(roomLists.address));
  });
}
