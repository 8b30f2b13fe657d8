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
  const queueing = coalescedPerTenant((tenantId) =>
    queueTenant(options, tenantId).catch((error: unknown) =>
      options.logger.warn(
        { tenantId, err: { message: (error as Error).message } },
        'could not queue webhook deliveries',
      ),
    ),
  );
  options.subscriber.on('pmessage', (_pattern: string, channel: string) => {
    queueing(channel.slice(channel.lastIndexOf(':') + 1));
  });
  await options.subscriber.psubscribe(pattern);
  return {
    async close() {
      await options.subscriber.punsubscribe(pattern).catch(() => undefined);
      options.subscriber.disconnect();
    },
  };
}

/**
 * Runs `run(tenantId)` after every call, but never twice at once for a tenant: calls that arrive
 * while it runs are answered by one more run once it is done. Each publication is still followed
 * by a run that starts after it (the delivery reads the log from its cursor, so one run covers
 * every page committed before it); a first sync publishing thousands of pages a minute costs a
 * few lookups instead of one per page.
 */
export function coalescedPerTenant(run: (tenantId: string) => Promise<void>): (tenantId: string) => void {
  const running = new Map<string, { again: boolean }>();
  return (tenantId) => {
    const current = running.get(tenantId);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    running.set(tenantId, state);
    void (async () => {
      try {
        do {
          state.again = false;
          // `run` reports its own failures; a failed run still lets the next call through.
          await run(tenantId).catch(() => undefined);
        } while (state.again);
      } finally {
        running.delete(tenantId);
      }
    })();
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
