import { DelayedError, type Job } from 'bullmq';
import {
  acquireLeaseSlot,
  deliverEndpoint,
  endpointsBehind,
  enqueueWebhookDelivery,
  releaseLeaseSlot,
  type Core,
  type DeliverySettings,
  type LeaseSlot,
  type WebhookDeliverPayload,
  type WebhookSweepPayload,
} from '@calsync/core';

/** Re-check for a free tenant slot after about this long (jittered). */
const SLOT_RETRY_MS = 500;

/**
 * webhook.deliver: one run of an endpoint's delivery (docs/change-feed.md, "Webhooks"). A retry
 * or a long backlog moves this same job back to delayed (no attempt used), so the endpoint keeps
 * its single job — new commits are deduplicated into it — and its batches stay in order. A run
 * first takes one of its tenant's `tenantConcurrency` slots (across every worker process): a
 * tenant whose endpoints all hang until the timeout holds that many of the delivery slots at most,
 * never all of them (docs/change-feed.md, "Isolation").
 */
export function createWebhookDeliveryProcessor(
  core: Core,
  settings: DeliverySettings,
  tenantConcurrency: number,
): (payload: WebhookDeliverPayload, job: Job, token: string | undefined) => Promise<unknown> {
  const delay = async (job: Job, token: string | undefined, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  };
  return async (payload, job, token) => {
    const slot: LeaseSlot = {
      redis: core.redis,
      key: `${core.queuePrefix}:slots:webhook-tenant:${payload.tenantId}`,
      holder: job.id ?? payload.endpointId,
      limit: tenantConcurrency,
      // Every batch of the run may take the whole timeout; a killed worker's slot frees itself after.
      leaseMs: settings.timeoutMs * (settings.maxBatchesPerRun + 1),
    };
    if (!(await acquireLeaseSlot(slot))) return delay(job, token, SLOT_RETRY_MS * (0.5 + Math.random()));
    let outcome;
    try {
      outcome = await deliverEndpoint({ db: core.db, secretBox: core.secretBox, settings }, payload);
    } finally {
      await releaseLeaseSlot(slot);
    }
    if (outcome.kind === 'disabled') {
      core.logger.warn(
        { endpointId: payload.endpointId, reason: outcome.reason },
        'webhook endpoint disabled',
      );
    }
    if (outcome.kind === 'retry' || outcome.kind === 'more') {
      return delay(job, token, outcome.kind === 'retry' ? outcome.delayMs : 0);
    }
    return outcome;
  };
}

/** Endpoints queued per sweep at most; the next sweep continues. */
const SWEEP_LIMIT = 5_000;

/** webhook.sweep: the safety net behind the commit trigger (Redis publications may be lost). */
export function createWebhookSweepProcessor(core: Core): (payload: WebhookSweepPayload) => Promise<unknown> {
  return async () => {
    const behind = await endpointsBehind(core.db, SWEEP_LIMIT);
    for (const endpoint of behind) await enqueueWebhookDelivery(core.queues, endpoint);
    return { queued: behind.length };
  };
}
