import type { Redis } from 'ioredis';

/** The connector's back-off key: the epoch ms until which its jobs must not call the back end. */
export const connectorBackoffKey = (prefix: string, connectorId: string): string =>
  `${prefix}:backoff:connector:${connectorId}`;

/**
 * Connector-level back-off after a 429/503 with Retry-After: every job of the
 * connector waits it out before its next Graph call, instead of each one
 * discovering the throttle by being throttled. Only ever extended, never shortened.
 */
export async function recordConnectorBackoff(
  redis: Redis,
  prefix: string,
  connectorId: string,
  untilMs: number,
): Promise<void> {
  const ttl = Math.max(1, Math.ceil(untilMs - Date.now()));
  // SET ... GT is not available for plain strings: compare-and-set in one script.
  await redis.eval(
    `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
     if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
     return 1`,
    1,
    connectorBackoffKey(prefix, connectorId),
    String(Math.ceil(untilMs)),
    String(ttl),
  );
}

/** Epoch ms until which the connector is backing off, or 0. */
export async function readConnectorBackoff(
  redis: Redis,
  prefix: string,
  connectorId: string,
): Promise<number> {
  const raw = await redis.get(connectorBackoffKey(prefix, connectorId));
  const until = raw === null ? 0 : Number(raw);
  return Number.isFinite(until) && until > Date.now() ? until : 0;
}
