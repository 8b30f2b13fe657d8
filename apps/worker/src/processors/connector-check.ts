import type { Job } from 'bullmq';
import { checkConnector, isAppError, type ConnectorCheckPayload, type Core } from '@calsync/core';

/**
 * connector.check: runs the diagnostics with the connector's current credential and stores them
 * (status, statusDetail, lastDiagnostics). A connector deleted since the job was queued is done.
 * Returns a summary without secrets (BullMQ keeps it as the job's return value).
 */
export function createConnectorCheckProcessor(
  core: Core,
): (payload: ConnectorCheckPayload, job: Job) => Promise<unknown> {
  return async (payload) => {
    try {
      const diagnostics = await checkConnector(core, payload.tenantId, payload.connectorId);
      return {
        ok: diagnostics.ok,
        failed: diagnostics.checks.filter((c) => c.status === 'FAIL').map((c) => c.name),
      };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return { skipped: 'connector deleted' };
      throw error;
    }
  };
}
