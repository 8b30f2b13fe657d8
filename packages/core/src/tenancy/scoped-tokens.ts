import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { apiKeys, isUuid, mailboxes, tenants, withTenant, type Database, type Tx } from '../db/index.ts';
import { badInput, conflict, notFound } from '../errors/index.ts';
import { insertApiKey, revokeTenantKey, type ApiKeyView, type CreatedApiKey } from './api-keys.ts';
import { requireWriter, resolveTenant, type MailboxScope, type Principal } from './principal.ts';

/**
 * Display tokens (a room board's credential: read-only, named mailboxes only) and feed tokens
 * (one mailbox's ICS feed) are API keys with a purpose and a mailbox scope, so they share the
 * key format, hashing, caching and revocation of API keys (docs/architecture.md "Display and
 * feed tokens"). They do not count against the tenant's API-key cap: a lobby with forty
 * screens must not crowd out integrations; they have their own, larger cap.
 */
export const MAX_SCOPED_TOKENS_PER_TENANT = 1_000;
export const MAX_MAILBOXES_PER_DISPLAY_TOKEN = 100;

export type ScopedPurpose = MailboxScope['purpose'];

export interface ScopedTokenView extends ApiKeyView {
  purpose: ScopedPurpose;
  mailboxIds: string[];
}

export interface MailboxSelection {
  mailboxIds?: readonly string[] | null | undefined;
  addresses?: readonly string[] | null | undefined;
}

/** Resolves ids and addresses to mailbox ids of the tenant; anything unknown is named in the error. */
async function resolveMailboxes(tx: Tx, tenantId: string, selection: MailboxSelection): Promise<string[]> {
  const ids = [...new Set((selection.mailboxIds ?? []).map((id) => id.toLowerCase()))];
  const addresses = [...new Set((selection.addresses ?? []).map((a) => a.trim().toLowerCase()))];
  const badId = ids.find((id) => !isUuid(id));
  if (badId !== undefined) throw badInput('mailboxIds', `no mailbox has the id ${badId}`);
  if (ids.length + addresses.length === 0) throw badInput('mailboxIds', 'name at least one mailbox');
  const parts: SQL[] = [];
  if (ids.length > 0) parts.push(inArray(mailboxes.id, ids));
  if (addresses.length > 0) parts.push(inArray(mailboxes.address, addresses));
  const rows = await tx
    .select({ id: mailboxes.id, address: mailboxes.address })
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), or(...parts)));
  const missingId = ids.find((id) => !rows.some((r) => r.id === id));
  if (missingId !== undefined) throw badInput('mailboxIds', `no mailbox has the id ${missingId}`);
  const missingAddress = addresses.find((a) => !rows.some((r) => r.address === a));
  if (missingAddress !== undefined)
    throw badInput('addresses', `no mailbox has the address ${missingAddress}`);
  return [...new Set(rows.map((r) => r.id))];
}

async function createScopedToken(
  db: Database,
  principal: Principal,
  input: {
    name: string;
    purpose: ScopedPurpose;
    selection: MailboxSelection;
    tenantId?: string | null | undefined;
  },
  checkCount: (mailboxIds: string[]) => void,
): Promise<CreatedApiKey & { apiKey: ScopedTokenView }> {
  requireWriter(principal);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw badInput('name', 'must be 1–200 characters');
  const tenantId = resolveTenant(principal, input.tenantId);
  return withTenant(db, tenantId, async (tx) => {
    // The tenant row lock serialises creations so the cap below cannot be raced past.
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).for('update');
    if (!tenant) throw notFound('tenant');
    const mailboxIds = await resolveMailboxes(tx, tenantId, input.selection);
    checkCount(mailboxIds);
    const [active] = await tx
      .select({ n: count() })
      .from(apiKeys)
      .where(and(isNull(apiKeys.revokedAt), sql`${apiKeys.purpose} <> 'API'`));
    if ((active?.n ?? 0) >= MAX_SCOPED_TOKENS_PER_TENANT) {
      throw conflict(
        `this tenant already has ${MAX_SCOPED_TOKENS_PER_TENANT} active display and feed tokens; revoke one first`,
        { limit: MAX_SCOPED_TOKENS_PER_TENANT },
      );
    }
    const created = await insertApiKey(tx, {
      tenantId,
      name,
      role: 'READER',
      scope: { purpose: input.purpose, mailboxIds },
    });
    return { ...created, apiKey: { ...created.apiKey, purpose: input.purpose, mailboxIds } };
  });
}

/** A read-only token for a room board, limited to the named mailboxes; its secret is shown once. */
export function createDisplayToken(
  db: Database,
  principal: Principal,
  input: { name: string; tenantId?: string | null | undefined } & MailboxSelection,
) {
  return createScopedToken(db, principal, { ...input, purpose: 'DISPLAY', selection: input }, (ids) => {
    if (ids.length > MAX_MAILBOXES_PER_DISPLAY_TOKEN) {
      throw badInput('mailboxIds', `at most ${MAX_MAILBOXES_PER_DISPLAY_TOKEN} mailboxes per display token`);
    }
  });
}

/** A token for one mailbox's ICS feed (`GET /ics/<token>.ics`); its secret is shown once. */
export function createFeedToken(
  db: Database,
  principal: Principal,
  input: { name: string; tenantId?: string | null | undefined } & MailboxSelection,
) {
  return createScopedToken(db, principal, { ...input, purpose: 'FEED', selection: input }, (ids) => {
    if (ids.length !== 1) throw badInput('mailboxIds', 'a feed token is for exactly one mailbox');
  });
}

const scopedColumns = {
  id: apiKeys.id,
  tenantId: apiKeys.tenantId,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  purpose: apiKeys.purpose,
  mailboxIds: apiKeys.mailboxIds,
};

function toScopedView(row: { purpose: string; mailboxIds: string[] | null } & ApiKeyView): ScopedTokenView {
  return { ...row, purpose: row.purpose as ScopedPurpose, mailboxIds: row.mailboxIds ?? [] };
}

/** The tenant's tokens of one purpose, revoked ones included, oldest first (ADMIN only). */
export async function listScopedTokens(
  db: Database,
  principal: Principal,
  purpose: ScopedPurpose,
  filter: { mailboxId?: string | null | undefined } = {},
): Promise<ScopedTokenView[]> {
  requireWriter(principal);
  const tenantId = resolveTenant(principal);
  const conditions: SQL[] = [eq(apiKeys.tenantId, tenantId), eq(apiKeys.purpose, purpose)];
  if (filter.mailboxId != null) {
    if (!isUuid(filter.mailboxId)) return [];
    conditions.push(sql`${filter.mailboxId}::uuid = any(${apiKeys.mailboxIds})`);
  }
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select(scopedColumns)
      .from(apiKeys)
      .where(and(...conditions))
      .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
      .limit(MAX_SCOPED_TOKENS_PER_TENANT * 2),
  );
  return rows.map(toScopedView);
}

/** Revokes a token of this purpose; an id of another purpose or tenant is NOT_FOUND. */
export async function revokeScopedToken(
  db: Database,
  principal: Principal,
  purpose: ScopedPurpose,
  id: string,
): Promise<ScopedTokenView> {
  const label = purpose === 'DISPLAY' ? 'display token' : 'feed token';
  const { secretHash: _hidden, ...revoked } = await revokeTenantKey(db, principal, purpose, id, label);
  return toScopedView(revoked);
}
