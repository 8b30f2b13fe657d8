import { DelayedError, type Job } from 'bullmq';
import {
  deliverEndpoint,
  endpointsBehind,
  enqueueWebhookDelivery,
  type Core,
  type DeliverySettings,
  type WebhookDeliverPayload,
  type WebhookSweepPayload,
} from '@calsync/core';

/**
 * webhook.deliver: one run of an endpoint's delivery (docs/change-feed.md, "Webhooks"). A retry
 * or a long backlog moves this same job back to delayed (no attempt used), so the endpoint keeps
 * its single job — new commits are deduplicated into it — and its batches stay in order.
 */
export function createWebhookDeliveryProcessor(
  core: Core,
  settings: DeliverySettings,
): (payload: WebhookDeliverPayload, job: Job, token: string | undefined) => Promise<unknown> {
  return async (payload, job, token) => {
    const outcome = await deliverEndpoint({ db: core.db, secretBox: core.secretBox, settings }, payload);
    if (outcome.kind === 'disabled') {
      core.logger.warn(
        { endpointId: payload.endpointId, reason: outcome.reason },
        'webhook endpoint disabled',
      );
    }
    if (outcome.kind === 'retry' || outcome.kind === 'more') {
      await job.moveToDelayed(Date.now() + (outcome.kind === 'retry' ? outcome.delayMs : 0), token);
      throw new DelayedError();
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
