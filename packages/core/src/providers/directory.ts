import type { SealedConnectorRecord } from '../connectors/connector-credential.ts';
import type { MailboxKind, RoomBookingType } from '../db/schema/enums.ts';

/** One connector of one tenant, as the provider capabilities address it. */
export interface ConnectorRef {
  tenantId: string;
  connectorId: string;
  /** The connector's stored columns when the caller already read them (a sync job's target). */
  sealedConnector?: SealedConnectorRecord | undefined;
}

/** What the back end's directory says about a mailbox address. */
export interface DirectoryMailbox {
  displayName: string | null;
  kind: MailboxKind;
  /** The directory's object id and user principal name, when the back end has them and may tell. */
  directoryId?: string | null | undefined;
  userPrincipalName?: string | null | undefined;
}

export interface DirectoryRoom {
  address: string;
  displayName: string | null;
}

/** A room as the directory describes it (Microsoft's `room` resource, EWS's room properties). */
export interface DirectoryRoomDetails {
  /** Lower-case SMTP address. */
  address: string;
  displayName: string | null;
  capacity: number | null;
  building: string | null;
  floorNumber: number | null;
  floorLabel: string | null;
  bookingType: RoomBookingType;
  isWheelChairAccessible: boolean | null;
  audioDeviceName: string | null;
  videoDeviceName: string | null;
  displayDeviceName: string | null;
  tags: string[];
  nickname: string | null;
  label: string | null;
  geoCoordinates: { latitude: number; longitude: number } | null;
}

export interface DirectoryRoomList {
  /** Lower-case SMTP address: room lists are addressed by email (their ids are not stable). */
  address: string;
  displayName: string | null;
  /** Lower-case addresses of the list's rooms. */
  members: string[];
}

/** Everything the room directory job stores: every room with its metadata and every room list. */
export interface RoomDirectorySnapshot {
  rooms: DirectoryRoomDetails[];
  roomLists: DirectoryRoomList[];
}

/** The back end's directory: mailbox details and room lists, each within a time budget. */
export interface DirectoryCapability {
  /** Details of the addresses the directory knows; throws when the directory cannot be asked. */
  resolveMailboxes(
    connector: ConnectorRef,
    addresses: readonly string[],
    budgetMs: number,
  ): Promise<Map<string, DirectoryMailbox>>;
  /** Every room of the directory; throws an AppError that tells the admin what to fix. */
  discoverRooms(connector: ConnectorRef, budgetMs: number): Promise<DirectoryRoom[]>;
  /** Rooms with their metadata and room lists with their members; throws an AppError like discoverRooms. */
  readRoomDirectory(connector: ConnectorRef, budgetMs: number): Promise<RoomDirectorySnapshot>;
}
