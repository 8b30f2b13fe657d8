import type { Redis } from 'ioredis';

/**
 * Live-update feed: after each committed page the sync engine publishes, on
 * Redis channel `<CALSYNC_QUEUE_PREFIX>:events:<tenantId>`, one JSON message per mailbox:
 *
 * ```json
 * { "mailboxId": "<uuid>", "upserted": ["<event uuid>", ...], "deleted": ["<event uuid>", ...] }
 * ```
 *
 * Ids are calsync's public event ids (GraphQL `Event.id`), never Graph ids.
 * A message is sent only when something changed, and only after the page's
 * transaction committed, so a subscriber that reads an upserted id finds it.
 * Deleted ids no longer exist in the database. Delivery is at-most-once (Redis
 * pub/sub): subscribers that must not miss changes re-read after reconnecting.
 */
export interface EventChangeMessage {
  mailboxId: string;
  upserted: string[];
  deleted: string[];
}

/** Under the deployment's key prefix, like every other calsync Redis key: deployments sharing a Redis stay apart. */
export function eventChangeChannel(keyPrefix: string, tenantId: string): string {
  return `${keyPrefix}:events:${tenantId}`;
}

export async function publishEventChanges(
  redis: Redis,
  keyPrefix: string,
  tenantId: string,
  message: EventChangeMessage,
): Promise<void> {
  if (message.upserted.length === 0 && message.deleted.length === 0) return;
  await redis.publish(eventChangeChannel(keyPrefix, tenantId), JSON.stringify(message));
}

/** Parses a feed message; null when it is not one. */
export function parseEventChangeMessage(raw: string): EventChangeMessage | null {
  try {
    const value = JSON.parse(raw) as Partial<EventChangeMessage>;
    const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (typeof value.mailboxId !== 'string' || !isIds(value.upserted) || !isIds(value.deleted)) return null;
    return { mailboxId: value.mailboxId, upserted: value.upserted, deleted: value.deleted };
  } catch {
    return null;
  }
}
