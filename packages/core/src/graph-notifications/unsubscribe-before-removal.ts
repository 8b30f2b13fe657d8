import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { withDeadline } from '../connectors/with-deadline.ts';
import { connectors, graphSubscriptions, mailboxes, withTenant } from '../db/index.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { unsubscribeQuietly } from './subscribe-mailbox.ts';

/** Removing mailboxes never waits longer than this on Microsoft. */
const REMOVAL_BUDGET_MS = 5_000;

/**
 * Deletes the subscriptions of a connector's mailboxes (all, or those addresses) at Microsoft before calsync
 * forgets them, best effort within a budget: what is not deleted expires there within three days. The rows
 * go with their mailboxes (foreign key cascade).
 */
export async function unsubscribeBeforeRemoval(
  core: Pick<NotificationsCore, 'db' | 'providers' | 'logger'>,
  tenantId: string,
  connectorId: string,
  addresses?: readonly string[],
): Promise<void> {
  const found = await withTenant(core.db, tenantId, async (tx) => {
    const [connector] = await tx
      .select({ kind: connectors.kind })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
    const rows = await tx
      .select({ mailboxId: graphSubscriptions.mailboxId, subscriptionId: graphSubscriptions.subscriptionId })
      .from(graphSubscriptions)
      .innerJoin(
        mailboxes,
        and(
          eq(mailboxes.tenantId, graphSubscriptions.tenantId),
          eq(mailboxes.id, graphSubscriptions.mailboxId),
        ),
      )
      .where(
        and(
          eq(graphSubscriptions.tenantId, tenantId),
          eq(graphSubscriptions.connectorId, connectorId),
          isNotNull(graphSubscriptions.subscriptionId),
          addresses === undefined
            ? undefined
            : inArray(
                mailboxes.address,
                addresses.map((a) => a.toLowerCase()),
              ),
        ),
      );
    return { kind: connector?.kind, rows };
  });
  const capability = found.kind ? core.providers.for(found.kind).changeNotifications : undefined;
  if (!capability || found.rows.length === 0) return;
  const all = Promise.all(
    found.rows.map((r) =>
      unsubscribeQuietly(
        core,
        capability,
        { tenantId, connectorId, mailboxId: r.mailboxId },
        r.subscriptionId!,
      ),
    ),
  );
  await withDeadline(all, REMOVAL_BUDGET_MS).catch(() => undefined);
}
