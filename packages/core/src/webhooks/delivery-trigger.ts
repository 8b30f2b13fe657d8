import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { webhookEndpoints, withTenant, type Database } from '../db/index.ts';
import type { Queues } from '../jobs/index.ts';
import type { Logger } from '../observability/index.ts';
import { eventChangeChannel } from '../sync/change-feed.ts';
import { enqueueWebhookDelivery } from './enqueue-delivery.ts';

export interface WebhookTriggerOptions {
  db: Database;
  queues: Queues;
  logger: Logger;
  /** A dedicated connection: it is put in subscriber mode. */
  subscriber: Redis;
  keyPrefix: string;
}

export interface WebhookTrigger {
  close(): Promise<void>;
}

/**
 * Queues delivery for a tenant's active endpoints as soon as the sync engine announces a
 * committed page (its Redis publication follows the commit, so the log already holds the
 * changes). Publications are at-most-once: the `webhook.sweep` schedule is the safety net.
 */
export async function startWebhookTrigger(options: WebhookTriggerOptions): Promise<WebhookTrigger> {
  const pattern = eventChangeChannel(options.keyPrefix, '*');
  options.subscriber.on('pmessage', (_pattern: string, channel: string) => {
    const tenantId = channel.slice(channel.lastIndexOf(':') + 1);
    void queueTenant(options, tenantId).catch((error: unknown) =>
      options.logger.warn(
        { tenantId, err: { message: (error as Error).message } },
        'could not queue webhook deliveries',
      ),
    );
  });
  await options.subscriber.psubscribe(pattern);
  return {
    async close() {
      await options.subscriber.punsubscribe(pattern).catch(() => undefined);
      options.subscriber.disconnect();
    },
  };
}

async function queueTenant(options: WebhookTriggerOptions, tenantId: string): Promise<void> {
  const endpoints = await withTenant(options.db, tenantId, (tx) =>
    tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.status, 'ACTIVE'))),
  );
  for (const { id } of endpoints) await enqueueWebhookDelivery(options.queues, { tenantId, endpointId: id });
}
