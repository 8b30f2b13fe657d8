// Typed calls of the SECURITY DEFINER functions from migrations/0001_rls.sql: the only
// cross-tenant reads/writes the app role can make. Each one is documented in that file.
import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client.ts';
import type { ApiKeyRow, TenantRow } from './schema.ts';
import type { ApiKeyPurpose, ApiKeyRole } from './schema/enums.ts';

type Runner = Database | Tx;

// drizzle's node-postgres driver leaves timestamptz as text in raw `execute` results.
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

interface ApiKeySqlRow extends Record<string, unknown> {
  id: string;
  tenant_id: string | null;
  name: string;
  role: ApiKeyRole;
  purpose: ApiKeyPurpose;
  mailbox_ids: string[] | null;
  prefix: string;
  secret_hash: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

interface TenantSqlRow extends Record<string, unknown> {
  id: string;
  slug: string;
  name: string;
  created_at: Date | string;
}

/** The key with this prefix, whatever its tenant (null tenantId = platform key), or null. */
export async function findApiKeyByPrefix(db: Runner, prefix: string): Promise<ApiKeyRow | null> {
  const result = await db.execute<ApiKeySqlRow>(sql`select * from calsync_find_api_key(${prefix})`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    purpose: row.purpose,
    mailboxIds: row.mailbox_ids,
    prefix: row.prefix,
    secretHash: row.secret_hash,
    createdAt: toDate(row.created_at),
    lastUsedAt: toDateOrNull(row.last_used_at),
    revokedAt: toDateOrNull(row.revoked_at),
  };
}

/** Sets last_used_at = at on these keys (never backwards); returns how many changed. */
export async function touchApiKeys(db: Runner, ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.execute<{ touched: number }>(
    sql`select calsync_touch_api_keys(${`{${ids.join(',')}}`}::uuid[], ${at.toISOString()}::timestamptz) as touched`,
  );
  return result.rows[0]?.touched ?? 0;
}

/** All tenants ordered by id, `limit` at a time after `afterId` (platform admin). */
export async function listAllTenants(
  db: Runner,
  limit: number,
  afterId: string | null,
): Promise<TenantRow[]> {
  const result = await db.execute<TenantSqlRow>(
    sql`select * from calsync_list_tenants(${limit}::integer, ${afterId}::uuid)`,
  );
  return result.rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: toDate(row.created_at),
  }));
}

export interface EnabledConnectorRef {
  tenantId: string;
  connectorId: string;
  syncIntervalSeconds: number;
  enabled: boolean;
}

/** Every enabled connector of every tenant (worker scheduler reconciliation). */
export async function listEnabledConnectors(db: Runner): Promise<EnabledConnectorRef[]> {
  const result = await db.execute<{
    tenant_id: string;
    connector_id: string;
    sync_interval_seconds: number;
    enabled: boolean;
  }>(sql`select * from calsync_list_enabled_connectors()`);
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    connectorId: row.connector_id,
    syncIntervalSeconds: row.sync_interval_seconds,
    enabled: row.enabled,
  }));
}
