import type { Core } from '../create-core.ts';
import { withTenant } from '../db/index.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { toConnectorView, type ConnectorView } from '../connectors/connector-view.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { enqueueRoomDirectoryRefresh } from './schedule-room-directory.ts';

/**
 * `refreshRoomDirectory` mutation: queues the connector's room directory job now (deduplicated
 * with one already pending). Returns the connector as it is; its roomDirectory report changes when
 * the job has run.
 */
export async function requestRoomDirectoryRefresh(
  core: Pick<Core, 'db' | 'queues'>,
  principal: Principal,
  connectorId: string,
): Promise<ConnectorView> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const connector = await withTenant(core.db, tenantId, (tx) =>
    requireConnectorRow(tx, tenantId, connectorId),
  );
  await enqueueRoomDirectoryRefresh(core, { tenantId, connectorId, trigger: 'MANUAL' });
  return toConnectorView(connector);
}
