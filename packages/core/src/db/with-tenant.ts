import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client.ts';
import { isUuid } from './uuid.ts';

/**
 * Runs `fn` in a transaction scoped to one tenant: row-level security policies
 * read `app.tenant_id`, set here with `set_config(..., true)` so it ends with
 * the transaction and can never leak to the next user of the pooled connection
 * (a session-level SET would).
 */
export async function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // A malformed id would otherwise fail later as a cast error inside a policy.
  if (!isUuid(tenantId)) throw new TypeError('withTenant: tenantId must be a UUID');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}
