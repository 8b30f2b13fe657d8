import { isAppError, refreshRoomDirectory, type Core, type RoomDirectoryRefreshPayload } from '@calsync/core';

/**
 * room-directory.refresh: reads the connector's rooms and room lists and stores them (on the
 * `directory` queue, so it never holds up ticks or syncs). Returns the report without secrets.
 */
export function createRoomDirectoryProcessor(core: Core) {
  return async (payload: RoomDirectoryRefreshPayload): Promise<unknown> => {
    try {
      return await refreshRoomDirectory(core, payload.tenantId, payload.connectorId);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return { skipped: 'connector deleted' };
      throw error;
    }
  };
}
