import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { isOneOf, type EventChangeType } from './enums.ts';
import { tenants } from './tenants.ts';

/** ACTIVE endpoints receive deliveries; DISABLED ones (by an admin or after failing too long) do not. */
export const webhookEndpointStatuses = ['ACTIVE', 'DISABLED'] as const;
export type WebhookEndpointStatus = (typeof webhookEndpointStatuses)[number];

/**
 * A tenant's outbound webhook endpoint (docs/change-feed.md, "Webhooks"): the change log after
 * `delivered_through` is posted to `url`, signed with the current secret (and, until
 * `previous_expires_at`, the previous one too). Secrets are sealed with the secret box, bound to
 * the row; nothing readable by the API ever returns them after creation or rotation.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    url: text('url').notNull(),
    /** Change types delivered; empty = all. */
    changeTypes: text('change_types')
      .array()
      .$type<EventChangeType[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Mailbox filter as on `eventChanges`; both null = every mailbox of the tenant. */
    mailboxIds: uuid('mailbox_ids').array(),
    addresses: text('addresses').array(),
    status: text('status').$type<WebhookEndpointStatus>().notNull().default('ACTIVE'),
    disabledReason: text('disabled_reason'),
    secretCiphertext: text('secret_ciphertext').notNull(),
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** Every change up to this sequence was acknowledged with a 2xx (or skipped by the filter). */
    deliveredThrough: bigint('delivered_through', { mode: 'number' }).notNull(),
    /** First failure of the current run of failures; null while deliveries succeed. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'webhook_endpoints_pkey', columns: [t.tenantId, t.id] }),
    foreignKey({
      name: 'webhook_endpoints_tenant_fk',
      columns: [t.tenantId],
      foreignColumns: [tenants.id],
    }).onDelete('cascade'),
    index('webhook_endpoints_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    check('webhook_endpoints_status_check', isOneOf(t.status, webhookEndpointStatuses)),
  ],
);

/** One attempt to post a batch to an endpoint; the newest few hundred per endpoint are kept. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    endpointId: uuid('endpoint_id').notNull(),
    /** The batch: changes after `after_seq` through `through_seq`. */
    afterSeq: bigint('after_seq', { mode: 'number' }).notNull(),
    throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
    changeCount: integer('change_count').notNull(),
    /** 1 for the first try of this batch, counting up while it fails. */
    attempt: integer('attempt').notNull(),
    /** The receiver's HTTP status; null when no response came (refused, timeout, blocked address). */
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'webhook_deliveries_pkey', columns: [t.tenantId, t.id] }),
    foreignKey({
      name: 'webhook_deliveries_endpoint_fk',
      columns: [t.tenantId, t.endpointId],
      foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id],
    }).onDelete('cascade'),
    index('webhook_deliveries_endpoint_at_idx').on(t.tenantId, t.endpointId, t.attemptedAt),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
