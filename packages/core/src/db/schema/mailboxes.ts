import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { connectors } from './connectors.ts';
import type { MailboxSyncErrorKind } from '../../sync/mailbox-sync-error.ts';
import {
  isOneOf,
  mailboxKinds,
  mailboxSyncStatuses,
  syncRunKinds,
  type MailboxKind,
  type MailboxSyncStatus,
  type SyncRunKind,
} from './enums.ts';

/** A mailbox whose calendar is mirrored, with its sync state (docs/architecture.md, data model). */
export const mailboxes = pgTable(
  'mailboxes',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    connectorId: uuid('connector_id').notNull(),
    /** SMTP address, stored lower-case: an address belongs to one mailbox per tenant. */
    address: text('address').notNull(),
    displayName: text('display_name'),
    /**
     * The directory's object id once resolved (Entra ID for Microsoft): the back end is called by it, so a
     * changed SMTP address keeps syncing (docs/microsoft-graph.md §9.6). Null while unresolved.
     */
    directoryId: text('directory_id'),
    userPrincipalName: text('user_principal_name'),
    kind: text('kind').$type<MailboxKind>().notNull().default('UNKNOWN'),
    enabled: boolean('enabled').notNull().default(true),
    syncStatus: text('sync_status').$type<MailboxSyncStatus>().notNull().default('NEVER_SYNCED'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** The back end's code and calsync's kind of the last failure (null after a success). */
    lastErrorCode: text('last_error_code'),
    lastErrorKind: text('last_error_kind').$type<MailboxSyncErrorKind>(),
    /** IANA zone read from the mailbox's settings (Graph mailboxSettings); wins over `timeZone`. */
    settingsTimeZone: text('settings_time_zone'),
    /** IANA zone set through the API (updateMailbox), used while the settings cannot be read. */
    timeZone: text('time_zone'),
    /** The provider's opaque cursor of the last finished round; bound to the window it was opened with. */
    cursor: text('cursor'),
    cursorWindowStart: timestamp('cursor_window_start', { withTimezone: true }),
    cursorWindowEnd: timestamp('cursor_window_end', { withTimezone: true }),
    /** Cursor of the next page of an unfinished round, so a crashed job resumes from that page. */
    resumeCursor: text('resume_cursor'),
    resumeKind: text('resume_kind').$type<SyncRunKind>(),
    /**
     * The kind of back-end ids the mailbox's events are keyed by (Graph: `ImmutableId`); null for state that
     * predates it. A provider that keys by another kind re-keys the rows in one full round (sync/rekey-events.ts).
     */
    sourceIdType: text('source_id_type'),
    /** Bumped by each full sync; rows of older generations are swept at its end. */
    generation: integer('generation').notNull().default(0),
    notificationSubscriptionId: text('notification_subscription_id'),
    notificationExpiresAt: timestamp('notification_expires_at', { withTimezone: true }),
    notificationClientState: text('notification_client_state'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'mailboxes_pkey', columns: [t.tenantId, t.id] }),
    foreignKey({
      name: 'mailboxes_connector_fk',
      columns: [t.tenantId, t.connectorId],
      foreignColumns: [connectors.tenantId, connectors.id],
    }).onDelete('cascade'),
    unique('mailboxes_tenant_address_key').on(t.tenantId, t.address),
    index('mailboxes_tenant_connector_idx').on(t.tenantId, t.connectorId),
    check('mailboxes_address_lower_check', sql`${t.address} = lower(${t.address})`),
    check('mailboxes_kind_check', isOneOf(t.kind, mailboxKinds)),
    check('mailboxes_sync_status_check', isOneOf(t.syncStatus, mailboxSyncStatuses)),
    check('mailboxes_resume_kind_check', isOneOf(t.resumeKind, syncRunKinds)),
  ],
);

export type MailboxRow = typeof mailboxes.$inferSelect;
export type NewMailboxRow = typeof mailboxes.$inferInsert;
