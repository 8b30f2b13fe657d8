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
  return inConnectorSlots(core, options, job, token, connectorId, ({ renew }) => work(renew));
}

/** What a job holding connector slots can do with them. */
export interface HeldSlots {
  /** Renews every slot held (at most every quarter lease). */
  renew: () => Promise<void>;
  /** Takes up to `more` further slots of the connector that are free now, never waiting; returns how many. */
  widen: (more: number) => Promise<number>;
}

/**
 * inConnectorSlot for a job that may use several slots at once (a first-sync batch continuing
 * several large mailboxes): `widen` adds free slots, each counted against the connector's cap
 * like any job's, and every slot is released when the work ends.
 */
export async function inConnectorSlots<T>(
  core: Core,
  options: ConnectorAdmissionOptions,
  job: Job,
  token: string | undefined,
  connectorId: string,
  work: (slots: HeldSlots) => Promise<T>,
): Promise<T> {
  const holder = job.id ?? `${job.name}:${job.timestamp}`;
  const slot = (n: number): ConnectorSlotOptions => ({
    redis: core.redis,
    prefix: core.queuePrefix,
    connectorId,
    holder: n === 0 ? holder : `${holder}#${n}`,
    limit: options.connectorConcurrency,
    leaseMs: options.connectorLeaseMs,
  });
  const first = slot(0);
  const admission = await acquireConnectorSlot(first);
  if (admission.backoffUntil > Date.now()) return delayJob(job, token, admission.backoffUntil);
  if (!admission.acquired) return delayJob(job, token, Date.now() + SLOT_RETRY_MS * (0.5 + Math.random()));
  const held = [first];
  const renewals = [connectorSlotRenewal(first)];
  const widen = async (more: number): Promise<number> => {
    let taken = 0;
    while (taken < more) {
      const extra = slot(held.length);
      if (!(await acquireConnectorSlot(extra)).acquired) break;
      held.push(extra);
      renewals.push(connectorSlotRenewal(extra));
      taken += 1;
    }
    return taken;
  };
  try {
    return await work({
      renew: async () => {
        await Promise.all(renewals.map((renew) => renew()));
      },
      widen,
    });
  } catch (error) {
    const infrastructure = classifyInfrastructureError(error);
    if (infrastructure) throw new Error(`${infrastructure.code}: ${infrastructure.message}`);
    throw error;
  } finally {
    await Promise.all(held.map((s) => releaseConnectorSlot(s)));
  }
}
