import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { connectors } from './connectors.ts';
import { isOneOf, roomBookingTypes, type RoomBookingType } from './enums.ts';
import { mailboxes } from './mailboxes.ts';

/**
 * Directory metadata of a room mailbox, as the connector's directory last reported it
 * (docs/rooms.md). One row per mailbox; kept while the room is missing from the directory.
 */
export const roomDetails = pgTable(
  'room_details',
  {
    tenantId: uuid('tenant_id').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    capacity: integer('capacity'),
    building: text('building'),
    floorNumber: integer('floor_number'),
    floorLabel: text('floor_label'),
    bookingType: text('booking_type').$type<RoomBookingType>().notNull().default('UNKNOWN'),
    isWheelChairAccessible: boolean('is_wheelchair_accessible'),
    audioDeviceName: text('audio_device_name'),
    videoDeviceName: text('video_device_name'),
    displayDeviceName: text('display_device_name'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    nickname: text('nickname'),
    label: text('label'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Lower-case addresses of the room lists the room is a member of. */
    roomLists: text('room_lists')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set when the directory stopped listing the room (its mailbox was disabled then); null while listed. */
    missingSince: timestamp('missing_since', { withTimezone: true }),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'room_details_pkey', columns: [t.tenantId, t.mailboxId] }),
    foreignKey({
      name: 'room_details_mailbox_fk',
      columns: [t.tenantId, t.mailboxId],
      foreignColumns: [mailboxes.tenantId, mailboxes.id],
    }).onDelete('cascade'),
    index('room_details_tenant_capacity_idx').on(t.tenantId, t.capacity),
    check('room_details_booking_type_check', isOneOf(t.bookingType, roomBookingTypes)),
  ],
);

/** Room lists (Exchange distribution groups of rooms) a connector's directory reported. */
export const roomLists = pgTable(
  'room_lists',
  {
    tenantId: uuid('tenant_id').notNull(),
    connectorId: uuid('connector_id').notNull(),
    /** SMTP address, lower-case: room lists are addressed by email, their ids are not stable. */
    address: text('address').notNull(),
    displayName: text('display_name'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'room_lists_pkey', columns: [t.tenantId, t.connectorId, t.address] }),
    foreignKey({
      name: 'room_lists_connector_fk',
      columns: [t.tenantId, t.connectorId],
      foreignColumns: [connectors.tenantId, connectors.id],
    }).onDelete('cascade'),
    check('room_lists_address_lower_check', sql`${t.address} = lower(${t.address})`),
  ],
);

export type RoomDetailsRow = typeof roomDetails.$inferSelect;
export type RoomListRow = typeof roomLists.$inferSelect;
