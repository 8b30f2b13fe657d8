import { DelayedError, type Job } from 'bullmq';
import {
  acquireConnectorSlot,
  classifyInfrastructureError,
  connectorSlotRenewal,
  releaseConnectorSlot,
  type ConnectorSlotOptions,
  type Core,
} from '@calsync/core';

/** Re-check for a free connector slot after about this long (jittered). */
const SLOT_RETRY_MS = 750;

export interface ConnectorAdmissionOptions {
  /** Sync jobs of one connector running at once, across all workers. */
  connectorConcurrency: number;
  /** Lifetime of a connector slot lease without renewal (a dead worker's slot frees itself). */
  connectorLeaseMs?: number | undefined;
}

/** Moves the job back to delayed until `untilMs` without using an attempt (BullMQ's DelayedError). */
export async function delayJob(job: Job, token: string | undefined, untilMs: number): Promise<never> {
  await job.moveToDelayed(Math.ceil(untilMs), token);
  throw new DelayedError();
}

/**
 * Runs a sync job's work inside one of its connector's slots (fairness across connectors), after
 * the connector's Graph back-off: both read in one round trip. A busy connector or a back-off
 * delays the job instead. `work` gets the slot's renewal, to call as it makes progress. Postgres or
 * Redis failures that escape the work fail the job (BullMQ retries with back-off) with our words,
 * never the driver's SQL and parameters.
 */
export async function inConnectorSlot<T>(
  core: Core,
  options: ConnectorAdmissionOptions,
  job: Job,
  token: string | undefined,
  connectorId: string,
  work: (renew: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const slot: ConnectorSlotOptions = {
    redis: core.redis,
    prefix: core.queuePrefix,
    connectorId,
    holder: job.id ?? `${job.name}:${job.timestamp}`,
    limit: options.connectorConcurrency,
    leaseMs: options.connectorLeaseMs,
  };
  const admission = await acquireConnectorSlot(slot);
  if (admission.backoffUntil > Date.now()) return delayJob(job, token, admission.backoffUntil);
  if (!admission.acquired) return delayJob(job, token, Date.now() + SLOT_RETRY_MS * (0.5 + Math.random()));
  try {
    return await work(connectorSlotRenewal(slot));
  } catch (error) {
    const infrastructure = classifyInfrastructureError(error);
    if (infrastructure) throw new Error(`${infrastructure.code}: ${infrastructure.message}`);
    throw error;
  } finally {
    await releaseConnectorSlot(slot);
  }
}
