import { and, eq, sql } from 'drizzle-orm';
import { connectors, withTenant, type Database } from '../../../db/index.ts';
import type { ConnectorRef } from '../../directory.ts';

/**
 * Autodiscover's result cached on the connector row (settings.discoveredEwsUrl), so every process and
 * every job uses one discovery until that URL stops answering. The credential version is untouched: the
 * password did not change, only the server's address.
 */
export async function storeDiscoveredEwsUrl(db: Database, ref: ConnectorRef, url: string): Promise<void> {
  await withTenant(db, ref.tenantId, (tx) =>
    tx
      .update(connectors)
      .set({ settings: sql`${connectors.settings} || jsonb_build_object('discoveredEwsUrl', ${url}::text)` })
      .where(and(eq(connectors.tenantId, ref.tenantId), eq(connectors.id, ref.connectorId))),
  );
}

/** Forgets a discovered URL that failed, unless another process already replaced it. */
export async function forgetDiscoveredEwsUrl(db: Database, ref: ConnectorRef, url: string): Promise<void> {
  await withTenant(db, ref.tenantId, (tx) =>
    tx
      .update(connectors)
      .set({ settings: sql`${connectors.settings} - 'discoveredEwsUrl'` })
      .where(
        and(
          eq(connectors.tenantId, ref.tenantId),
          eq(connectors.id, ref.connectorId),
          sql`${connectors.settings} ->> 'discoveredEwsUrl' = ${url}`,
        ),
      ),
  );
}
