import { webhookDeliveryJobId, type Queues, type WebhookDeliverPayload } from '../jobs/index.ts';

/**
 * Queues delivery for an endpoint. The job id makes it one pending-or-running job per endpoint,
 * so batches go out in order and a burst of commits costs one job. removeOnComplete frees the id
 * at once: the next commit can queue the next job.
 */
export async function enqueueWebhookDelivery(queues: Queues, payload: WebhookDeliverPayload): Promise<void> {
  await queues.webhooks.add('webhook.deliver', payload, {
    jobId: webhookDeliveryJobId(payload.endpointId),
    removeOnComplete: true,
    removeOnFail: 100,
  });
}

/** Scheduler id of the safety-net sweep (one per deployment). */
export const WEBHOOK_SWEEP_SCHEDULER_ID = 'webhook-sweep';

/** Makes sure `webhook.sweep` runs every `everyMs` (idempotent, like the change-log trim). */
export async function scheduleWebhookSweep(queues: Queues, everyMs: number): Promise<void> {
  const existing = await queues.webhooks.getJobScheduler(WEBHOOK_SWEEP_SCHEDULER_ID);
  if (existing?.every === everyMs) return;
  await queues.webhooks.upsertJobScheduler(
    WEBHOOK_SWEEP_SCHEDULER_ID,
    { every: everyMs },
    { name: 'webhook.sweep', data: {}, opts: { removeOnComplete: 20, removeOnFail: 100 } },
  );
}
