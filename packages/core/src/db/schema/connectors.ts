import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  connectorKinds,
  connectorStatuses,
  credentialKinds,
  isOneOf,
  type ConnectorKind,
  type ConnectorStatus,
  type CredentialKind,
} from './enums.ts';
import { tenants } from './tenants.ts';
import type { ConnectorSettings } from '../../providers/connector-settings.ts';
import type { RoomDirectoryReport } from '../../rooms/room-directory-report.ts';

/**
 * One back-end account of a tenant (an Entra ID app registration for MICROSOFT_GRAPH): its
 * provider-specific settings in `settings` (validated per kind, see connectors/connector-settings.ts),
 * its encrypted credential and the neutral sync settings.
 */
export const connectors = pgTable(
  'connectors',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<ConnectorKind>().notNull().default('MICROSOFT_GRAPH'),
    /** Provider-specific, non-secret settings; the shape depends on `kind`. */
    settings: jsonb('settings').$type<ConnectorSettings>().notNull(),
    credentialKind: text('credential_kind').$type<CredentialKind>().notNull(),
    /** Opaque string from core crypto (key id + nonce + ciphertext + tag). */
    credentialCiphertext: text('credential_ciphertext').notNull(),
    credentialVersion: integer('credential_version').notNull().default(1),
    credentialHint: text('credential_hint').notNull(),
    credentialExpiresAt: timestamp('credential_expires_at', { withTimezone: true }),
    syncPastDays: integer('sync_past_days').notNull().default(7),
    syncFutureDays: integer('sync_future_days').notNull().default(180),
    syncIntervalSeconds: integer('sync_interval_seconds').notNull().default(900),
    maskPrivateEvents: boolean('mask_private_events').notNull().default(true),
    /** IANA zone of mailboxes whose own zone is unknown (docs/microsoft-graph.md §9.4). */
    defaultTimeZone: text('default_time_zone').notNull().default('UTC'),
    /** Room lists (lower-case addresses) whose new rooms the directory job adds as mailboxes. */
    autoAddRoomsFrom: text('auto_add_rooms_from')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** How often the room directory job refreshes room metadata (docs/rooms.md). */
    roomDirectoryIntervalHours: integer('room_directory_interval_hours').notNull().default(24),
    /** When the room directory job last finished (with or without success), and what it found. */
    roomDirectoryRefreshedAt: timestamp('room_directory_refreshed_at', { withTimezone: true }),
    roomDirectoryReport: jsonb('room_directory_report').$type<RoomDirectoryReport>(),
    enabled: boolean('enabled').notNull().default(true),
    status: text('status').$type<ConnectorStatus>().notNull().default('PENDING'),
    statusDetail: text('status_detail'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    /** Last ConnectorDiagnostics as returned by the API (ok, checkedAt, checks). */
    lastDiagnostics: jsonb('last_diagnostics').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'connectors_pkey', columns: [t.tenantId, t.id] }),
    foreignKey({
      name: 'connectors_tenant_fk',
      columns: [t.tenantId],
      foreignColumns: [tenants.id],
    }).onDelete('cascade'),
    index('connectors_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    check('connectors_kind_check', isOneOf(t.kind, connectorKinds)),
    check('connectors_credential_kind_check', isOneOf(t.credentialKind, credentialKinds)),
    check('connectors_status_check', isOneOf(t.status, connectorStatuses)),
    check('connectors_room_directory_interval_check', sql`${t.roomDirectoryIntervalHours} between 1 and 720`),
  ],
);

export type ConnectorRow = typeof connectors.$inferSelect;
export type NewConnectorRow = typeof connectors.$inferInsert;
