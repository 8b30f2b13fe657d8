import {
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { isOneOf } from './enums.ts';
import { mailboxes } from './mailboxes.ts';

/** ACTIVE: Microsoft accepted it and it has not expired; FAILED: creation or renewal was refused (polling only). */
export const graphSubscriptionStatuses = ['ACTIVE', 'FAILED'] as const;
export type GraphSubscriptionStatus = (typeof graphSubscriptionStatuses)[number];

/**
 * A mailbox's Microsoft Graph change-notification subscription (docs/graph-notifications.md). One per
 * mailbox; the clientState is kept as its SHA-256 only, so a database read cannot forge notifications.
 */
export const graphSubscriptions = pgTable(
  'graph_subscriptions',
  {
    tenantId: uuid('tenant_id').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    connectorId: uuid('connector_id').notNull(),
    status: text('status').$type<GraphSubscriptionStatus>().notNull(),
    /** Microsoft's subscription id; null while creation has never succeeded. */
    subscriptionId: text('subscription_id'),
    clientStateHash: text('client_state_hash'),
    /** expirationDateTime exactly as Microsoft returned it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastNotificationAt: timestamp('last_notification_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'graph_subscriptions_pkey', columns: [t.tenantId, t.mailboxId] }),
    foreignKey({
      name: 'graph_subscriptions_mailbox_fk',
      columns: [t.tenantId, t.mailboxId],
      foreignColumns: [mailboxes.tenantId, mailboxes.id],
    }).onDelete('cascade'),
    unique('graph_subscriptions_subscription_id_key').on(t.subscriptionId),
    index('graph_subscriptions_tenant_connector_idx').on(t.tenantId, t.connectorId),
    check('graph_subscriptions_status_check', isOneOf(t.status, graphSubscriptionStatuses)),
  ],
);

export type GraphSubscriptionRow = typeof graphSubscriptions.$inferSelect;
