import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  isOneOf,
  syncRunKinds,
  syncRunStatuses,
  syncRunTriggers,
  type SyncRunKind,
  type SyncRunStatus,
  type SyncRunTrigger,
} from './enums.ts';
import { connectors } from './connectors.ts';
import { mailboxes } from './mailboxes.ts';

/** One row per mailbox sync job run. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    connectorId: uuid('connector_id').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    kind: text('kind').$type<SyncRunKind>().notNull(),
    trigger: text('trigger').$type<SyncRunTrigger>().notNull(),
    status: text('status').$type<SyncRunStatus>().notNull().default('QUEUED'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    pages: integer('pages').notNull().default(0),
    upserted: integer('upserted').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    graphRequests: integer('graph_requests').notNull().default(0),
    throttled: integer('throttled').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [
    primaryKey({ name: 'sync_runs_pkey', columns: [t.tenantId, t.id] }),
    foreignKey({
      name: 'sync_runs_connector_fk',
      columns: [t.tenantId, t.connectorId],
      foreignColumns: [connectors.tenantId, connectors.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'sync_runs_mailbox_fk',
      columns: [t.tenantId, t.mailboxId],
      foreignColumns: [mailboxes.tenantId, mailboxes.id],
    }).onDelete('cascade'),
    index('sync_runs_tenant_mailbox_started_idx').on(t.tenantId, t.mailboxId, t.startedAt.desc()),
    index('sync_runs_tenant_connector_started_idx').on(t.tenantId, t.connectorId, t.startedAt.desc()),
    index('sync_runs_tenant_queued_idx').on(t.tenantId, t.queuedAt.desc(), t.id),
    check('sync_runs_kind_check', isOneOf(t.kind, syncRunKinds)),
    check('sync_runs_trigger_check', isOneOf(t.trigger, syncRunTriggers)),
    check('sync_runs_status_check', isOneOf(t.status, syncRunStatuses)),
  ],
);

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type NewSyncRunRow = typeof syncRuns.$inferInsert;
