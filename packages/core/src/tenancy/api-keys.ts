import { and, count, eq, isNull } from 'drizzle-orm';
import {
  apiKeys,
  isUuid,
  tenants,
  withTenant,
  type ApiKeyPurpose,
  type ApiKeyRow,
  type Database,
  type Tx,
} from '../db/index.ts';
import { AppError, badInput, conflict, notFound } from '../errors/index.ts';
import { generateApiKey } from './api-key-secret.ts';
import type { ApiKeyRole } from '../db/index.ts';
import { resolveTenant, requireWriter, type MailboxScope, type Principal } from './principal.ts';

/** What an API key shows about itself (scoped tokens add their purpose and mailboxes). */
export type ApiKeyView = Omit<ApiKeyRow, 'secretHash' | 'purpose' | 'mailboxIds'>;
export interface CreatedApiKey {
  apiKey: ApiKeyView;
  secret: string;
}

function toView(row: ApiKeyRow): ApiKeyView {
  const { secretHash: _hidden, ...view } = row;
  return view;
}

/** Inserts a key inside a tenant transaction; the secret leaves this function once, never stored. */
export async function insertApiKey(
  tx: Tx,
  input: {
    tenantId: string;
    name: string;
    role: Exclude<ApiKeyRole, 'PLATFORM_ADMIN'>;
    scope?: MailboxScope;
  },
): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      tenantId: input.tenantId,
      name: input.name,
      role: input.role,
      purpose: input.scope?.purpose ?? 'API',
      mailboxIds: input.scope ? [...input.scope.mailboxIds] : null,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
    })
    .returning();
  if (!row) throw new Error('api key insert returned nothing');
  return { apiKey: toView(row), secret: generated.secret };
}

/**
 * Creates a key; a tenant holds at most `maxKeysPerTenant` unrevoked keys (CONFLICT past
 * it), so keys cannot be minted to multiply per-key budgets.
 */
export async function createApiKey(
  db: Database,
  principal: Principal,
  input: { name: string; role: ApiKeyRole; tenantId?: string | null | undefined },
  options: { maxKeysPerTenant?: number | undefined } = {},
): Promise<CreatedApiKey> {
  requireWriter(principal);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw badInput('name', 'must be 1–200 characters');
  if (input.role === 'PLATFORM_ADMIN') {
    throw new AppError(
      'FORBIDDEN',
      'platform admin keys come from the server configuration (CALSYNC_ADMIN_API_KEY)',
    );
  }
  const tenantId = resolveTenant(principal, input.tenantId);
  const role = input.role;
  return withTenant(db, tenantId, async (tx) => {
    // The row lock serialises concurrent creations, so the count below cannot be raced past.
    const [exists] = await tx.select({ id: tenants.id }).from(tenants).for('update');
    if (!exists) throw notFound('tenant');
    const max = options.maxKeysPerTenant;
    if (max !== undefined) {
      const [active] = await tx
        .select({ n: count() })
        .from(apiKeys)
        .where(and(isNull(apiKeys.revokedAt), eq(apiKeys.purpose, 'API')));
      if ((active?.n ?? 0) >= max) {
        throw conflict(`this tenant already has ${max} active API keys, the limit; revoke one first`, {
          limit: max,
        });
      }
    }
    return insertApiKey(tx, { tenantId, name, role });
  });
}

/**
 * Revokes a key of one purpose (API key, display token, feed token) in the caller's tenant;
 * revoking twice answers the revoked key. Another purpose's or another tenant's id is NOT_FOUND.
 */
export async function revokeTenantKey(
  db: Database,
  principal: Principal,
  purpose: ApiKeyPurpose,
  id: string,
  label: string,
): Promise<ApiKeyRow> {
  requireWriter(principal);
  if (principal.role === 'PLATFORM_ADMIN') {
    throw new AppError('FORBIDDEN', `revoke a tenant ${label} with a key of that tenant`);
  }
  if (!isUuid(id)) throw notFound(label);
  return withTenant(db, principal.tenantId, async (tx) => {
    const mine = and(eq(apiKeys.id, id), eq(apiKeys.purpose, purpose));
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(mine, isNull(apiKeys.revokedAt)))
      .returning();
    if (updated) return updated;
    const [existing] = await tx.select().from(apiKeys).where(mine);
    if (!existing) throw notFound(label);
    return existing;
  });
}

/** Revokes an API key of the caller's tenant (not a display or feed token: those have their own mutations). */
export async function revokeApiKey(db: Database, principal: Principal, id: string): Promise<ApiKeyView> {
  return toView(await revokeTenantKey(db, principal, 'API', id, 'api key'));
}
