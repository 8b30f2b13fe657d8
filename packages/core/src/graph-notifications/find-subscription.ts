import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';

export interface SubscriptionOwner {
  tenantId: string;
  mailboxId: string;
  connectorId: string;
  clientStateHash: string | null;
}

/**
 * The active subscription with Microsoft's id, whatever its tenant (a notification carries no tenant we
 * trust): through the SECURITY DEFINER function of the graph_subscriptions migration.
 */
export async function findSubscriptionOwner(
  db: Database,
  subscriptionId: string,
): Promise<SubscriptionOwner | null> {
  const result = await db.execute<{
    tenant_id: string;
    mailbox_id: string;
    connector_id: string;
    client_state_hash: string | null;
  }>(sql`select * from calsync_find_graph_subscription(${subscriptionId})`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    mailboxId: row.mailbox_id,
    connectorId: row.connector_id,
    clientStateHash: row.client_state_hash,
  };
}
