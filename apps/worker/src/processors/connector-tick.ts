import { enqueueConnectorTick, type ConnectorTickPayload, type Core } from '@calsync/core';

/** connector.tick: fan out a scheduled delta sync to every enabled mailbox of the connector. */
export function createConnectorTickProcessor(core: Core) {
  return async (payload: ConnectorTickPayload): Promise<unknown> => ({
    enqueued: await enqueueConnectorTick(core, payload.tenantId, payload.connectorId),
  });
}
