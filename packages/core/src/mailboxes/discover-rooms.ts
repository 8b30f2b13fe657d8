import type { Core } from '../create-core.ts';
import { withTenant, type MailboxRow } from '../db/index.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { insertMailboxes } from './mailbox-repository.ts';

const DISCOVERY_BUDGET_MS = 20_000;

/**
 * Lists the directory's rooms through the connector's provider and adds them to the connector as
 * ROOM mailboxes. Rooms already on another connector of the tenant are left there.
 */
export async function discoverRooms(
  core: Pick<Core, 'db' | 'providers'>,
  principal: Principal,
  connectorId: string,
): Promise<MailboxRow[]> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const connector = await withTenant(core.db, tenantId, (tx) =>
    requireConnectorRow(tx, tenantId, connectorId),
  );
  const rooms = await core.providers
    .for(connector.kind)
    .directory.discoverRooms({ tenantId, connectorId }, DISCOVERY_BUDGET_MS);
  return withTenant(core.db, tenantId, (tx) =>
    insertMailboxes(
      tx,
      tenantId,
      connectorId,
      rooms.map((r) => ({ address: r.address, displayName: r.displayName, kind: 'ROOM' as const })),
      { onForeign: 'skip' },
    ),
  );
}
