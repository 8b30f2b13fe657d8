import {
  enqueueConnectorTick,
  enqueueRoomDirectoryIfDue,
  type ConnectorTickPayload,
  type Core,
} from '@calsync/core';

/**
 * connector.tick: fan out a scheduled delta sync to every enabled mailbox of the connector, and
 * queue the room directory refresh when its interval has passed.
 */
export function createConnectorTickProcessor(core: Core) {
  return async (payload: ConnectorTickPayload): Promise<unknown> => ({
    enqueued: await enqueueConnectorTick(core, payload.tenantId, payload.connectorId),
    roomDirectoryQueued: await enqueueRoomDirectoryIfDue(core, payload.tenantId, payload.connectorId),
  });
}
