import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiKeyPurposes, apiKeyRoles, isOneOf, type ApiKeyPurpose, type ApiKeyRole } from './enums.ts';
import { tenants } from './tenants.ts';

/**
 * API keys. `tenant_id` null = platform key. Authentication looks a key up by
 * `prefix` before the tenant is known, through the security-definer function
 * `calsync_find_api_key` (see migrations/*_rls.sql); everything else goes
 * through `withTenant`.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').$type<ApiKeyRole>().notNull(),
    purpose: text('purpose').$type<ApiKeyPurpose>().notNull().default('API'),
    /** The only mailboxes a DISPLAY or FEED token may read; null for API keys (the whole tenant). */
    mailboxIds: uuid('mailbox_ids').array(),
    /** Readable, unique start of the key (e.g. `csk_` + 8 chars): display and lookup. */
    prefix: text('prefix').notNull().unique('api_keys_prefix_key'),
    /** sha256 hex of the whole key; the key itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('api_keys_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    check('api_keys_role_check', isOneOf(t.role, apiKeyRoles)),
    check('api_keys_purpose_check', isOneOf(t.purpose, apiKeyPurposes)),
    check('api_keys_scope_check', sql`(${t.purpose} = 'API') = (${t.mailboxIds} is null)`),
  ],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;
