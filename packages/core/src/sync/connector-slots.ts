import type { Redis } from 'ioredis';

const key = (prefix: string, connectorId: string): string => `${prefix}:slots:connector:${connectorId}`;

// Sorted set of holder → lease expiry. Expired leases (a worker killed mid-job) free themselves.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export interface ConnectorSlotOptions {
  redis: Redis;
  prefix: string;
  connectorId: string;
  /** Unique per running job (the BullMQ job id). */
  holder: string;
  /** Mailbox jobs of one connector running at once, across all workers. */
  limit: number;
  /** How long a lease lives without renewal. Default 60 s. */
  leaseMs?: number | undefined;
}

/**
 * Per-connector cap on concurrently running mailbox jobs, so one large tenant
 * cannot occupy every worker slot. A lease, not a lock: renewed as pages commit,
 * released at the end, and freed by expiry if the worker dies.
 */
export async function acquireConnectorSlot(options: ConnectorSlotOptions): Promise<boolean> {
  const lease = options.leaseMs ?? 60_000;
  const now = Date.now();
  const result = await options.redis.eval(
    ACQUIRE,
    1,
    key(options.prefix, options.connectorId),
    String(now),
    String(now + lease),
    options.holder,
    String(options.limit),
    String(lease * 2),
  );
  return result === 1;
}

/** Extends the holder's lease (call while the job makes progress). */
export async function renewConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  const lease = options.leaseMs ?? 60_000;
  await options.redis.zadd(
    key(options.prefix, options.connectorId),
    'XX',
    Date.now() + lease,
    options.holder,
  );
}

export async function releaseConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  await options.redis.zrem(key(options.prefix, options.connectorId), options.holder);
}
