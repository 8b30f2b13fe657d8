import type { Queues } from './queues.ts';
import type { ConnectorCheckPayload, ConnectorTickPayload } from './definitions.ts';

/** Scheduler id of a connector's periodic tick: one per connector, replaced on every upsert. */
export const connectorTickSchedulerId = (connectorId: string): string => `connector-tick:${connectorId}`;

export interface ScheduleConnectorInput {
  tenantId: string;
  connectorId: string;
  intervalSeconds: number;
  enabled: boolean;
}

/**
 * Upserts (enabled) or removes (disabled) the BullMQ job scheduler that emits `connector.tick`
 * for this connector every `intervalSeconds`. Idempotent: call it after every create or change.
 */
export async function scheduleConnector(
  core: { queues: Queues },
  input: ScheduleConnectorInput,
): Promise<void> {
  const schedulerId = connectorTickSchedulerId(input.connectorId);
  if (!input.enabled) {
    await core.queues.connector.removeJobScheduler(schedulerId);
    return;
  }
  const data: ConnectorTickPayload = { tenantId: input.tenantId, connectorId: input.connectorId };
  await core.queues.connector.upsertJobScheduler(
    schedulerId,
    { every: input.intervalSeconds * 1000 },
    { name: 'connector.tick', data, opts: { removeOnComplete: 100, removeOnFail: 500 } },
  );
}

/** Removes the connector's tick scheduler (deleteConnector). */
export async function unscheduleConnector(core: { queues: Queues }, connectorId: string): Promise<void> {
  await core.queues.connector.removeJobScheduler(connectorTickSchedulerId(connectorId));
}

/**
 * Enqueues diagnostics for a connector. Carries ids only: the worker loads and decrypts the
 * credential itself, so no secret ever sits in Redis.
 */
export async function enqueueConnectorCheck(
  core: { queues: Queues },
  payload: ConnectorCheckPayload,
): Promise<void> {
  await core.queues.connector.add('connector.check', payload, {
    // No deduplication: a check already running may hold the previous credential.
    removeOnComplete: 100,
    removeOnFail: 500,
  });
}
