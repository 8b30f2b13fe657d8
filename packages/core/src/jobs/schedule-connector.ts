import type { Queues } from './queues.ts';
import type { ConnectorCheckPayload, ConnectorTickPayload } from './definitions.ts';

/** Scheduler id of a connector's periodic tick: one per connector, replaced on every upsert. */
export const connectorTickSchedulerId = (connectorId: string): string => `connector-tick:${connectorId}`;

/** Scheduler id of a connector's daily re-check (diagnostics with reason SCHEDULED). */
export const connectorCheckSchedulerId = (connectorId: string): string => `connector-check:${connectorId}`;

/**
 * Once a day: expiring secrets and revoked consent show up in the connector status without
 * waiting for a sync to fail.
 */
export const CONNECTOR_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface ScheduleConnectorInput {
  tenantId: string;
  connectorId: string;
  intervalSeconds: number;
  enabled: boolean;
}

/**
 * Upserts (enabled) or removes (disabled) the BullMQ job schedulers that emit `connector.tick`
 * every `intervalSeconds` and `connector.check` (SCHEDULED) once a day for this connector.
 * Idempotent: call it after every create or change.
 */
export async function scheduleConnector(
  core: { queues: Queues },
  input: ScheduleConnectorInput,
): Promise<void> {
  const schedulerId = connectorTickSchedulerId(input.connectorId);
  if (!input.enabled) {
    await unscheduleConnector(core, input.connectorId);
    return;
  }
  const data: ConnectorTickPayload = { tenantId: input.tenantId, connectorId: input.connectorId };
  await core.queues.connector.upsertJobScheduler(
    schedulerId,
    { every: input.intervalSeconds * 1000 },
    { name: 'connector.tick', data, opts: { removeOnComplete: 100, removeOnFail: 500 } },
  );
  const check: ConnectorCheckPayload = { ...data, reason: 'SCHEDULED' };
  await core.queues.connector.upsertJobScheduler(
    connectorCheckSchedulerId(input.connectorId),
    // Without startDate an `every` scheduler fires at once, doubling the check that creation and
    // credential changes already queue. The start date only applies when the scheduler is new:
    // re-upserting (worker start, connector update) keeps the pending daily slot.
    { every: CONNECTOR_CHECK_INTERVAL_MS, startDate: Date.now() + CONNECTOR_CHECK_INTERVAL_MS },
    { name: 'connector.check', data: check, opts: { removeOnComplete: 100, removeOnFail: 500 } },
  );
}

/** Removes the connector's tick and daily check schedulers (deleteConnector, disable). */
export async function unscheduleConnector(core: { queues: Queues }, connectorId: string): Promise<void> {
  await core.queues.connector.removeJobScheduler(connectorTickSchedulerId(connectorId));
  await core.queues.connector.removeJobScheduler(connectorCheckSchedulerId(connectorId));
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
