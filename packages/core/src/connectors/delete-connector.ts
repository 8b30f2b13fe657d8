import { and, eq, inArray } from 'drizzle-orm';
import type { Core } from '../create-core.ts';
import { connectors, events, mailboxes, seriesMasters, syncRuns, withTenant } from '../db/index.ts';
import { unscheduleConnector } from '../jobs/index.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { unsubscribeBeforeRemoval } from '../graph-notifications/unsubscribe-before-removal.ts';
import { requireConnectorRow } from './connector-queries.ts';

/**
 * Deletes the connector's Graph subscriptions at Microsoft (best effort), then a connector with its mailboxes, events, series masters and sync runs in one
 * transaction, then removes its tick scheduler. The deletes are explicit (not only FK cascades)
 * so the order is visible and a missing cascade cannot leave orphans.
 */
export async function deleteConnector(
  core: Pick<Core, 'db' | 'queues' | 'logger' | 'providers'>,
  principal: Principal,
  id: string,
): Promise<boolean> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  await withTenant(core.db, tenantId, (tx) => requireConnectorRow(tx, tenantId, id));
  await unsubscribeBeforeRemoval(core, tenantId, id);
  await withTenant(core.db, tenantId, async (tx) => {
    await requireConnectorRow(tx, tenantId, id);
    const mailboxIds = tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.connectorId, id)));
    await tx.delete(syncRuns).where(and(eq(syncRuns.tenantId, tenantId), eq(syncRuns.connectorId, id)));
    await tx.delete(events).where(and(eq(events.tenantId, tenantId), inArray(events.mailboxId, mailboxIds)));
    await tx
      .delete(seriesMasters)
      .where(and(eq(seriesMasters.tenantId, tenantId), inArray(seriesMasters.mailboxId, mailboxIds)));
    await tx.delete(mailboxes).where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.connectorId, id)));
    await tx.delete(connectors).where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
  });
  await unscheduleConnector(core, id);
  core.logger.info({ tenantId, connectorId: id }, 'connector deleted');
  return true;
}
