import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import { apiKeys, withTenant, type Database } from '../db/index.ts';
import { badInput } from '../errors/index.ts';
import type { ApiKeyView } from './api-keys.ts';
import { decodeTimeIdCursor, encodeCursor, type Page } from './cursor.ts';
import { requireWriter, resolveTenant, type Principal } from './principal.ts';

/**
 * The caller's tenant's keys (revoked ones included, so an audit sees them), oldest first.
 * ADMIN only: the list names every integration of the tenant. Secrets and hashes never leave.
 */
export async function listApiKeys(
  db: Database,
  principal: Principal,
  args: { first: number; after?: string | null | undefined },
): Promise<Page<ApiKeyView>> {
  requireWriter(principal);
  const tenantId = resolveTenant(principal);
  if (args.first < 1 || args.first > 200) throw badInput('first', 'must be between 1 and 200');
  // Display and feed tokens have their own lists (scoped-tokens.ts).
  const conditions: SQL[] = [eq(apiKeys.tenantId, tenantId), eq(apiKeys.purpose, 'API')];
  if (args.after) {
    const { at, id } = decodeTimeIdCursor(args.after);
    const after = or(gt(apiKeys.createdAt, at), and(eq(apiKeys.createdAt, at), gt(apiKeys.id, id)));
    if (after) conditions.push(after);
  }
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({
        id: apiKeys.id,
        tenantId: apiKeys.tenantId,
        name: apiKeys.name,
        role: apiKeys.role,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(and(...conditions))
      .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
      .limit(args.first + 1),
  );
  const nodes = rows.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      endCursor: last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
    },
  };
}
