import type { Redis } from 'ioredis';

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

export interface LeaseSlot {
  redis: Redis;
  /** The Redis key of the group whose running jobs are capped. */
  key: string;
  /** Unique per running job (the BullMQ job id). */
  holder: string;
  /** Jobs of the group running at once, across all workers. */
  limit: number;
  /** How long a lease lives without renewal. */
  leaseMs: number;
}

/**
 * Caps how many jobs of one group (a connector's mailboxes, a tenant's webhook endpoints) run at
 * once across every worker process, so one group cannot occupy every worker slot. A lease, not a
 * lock: renewed while the job makes progress, released at the end, freed by expiry if the worker dies.
 */
export async function acquireLeaseSlot(slot: LeaseSlot): Promise<boolean> {
  const now = Date.now();
  const result = await slot.redis.eval(
    ACQUIRE,
    1,
    slot.key,
    String(now),
    String(now + slot.leaseMs),
    slot.holder,
    String(slot.limit),
    String(slot.leaseMs * 2),
  );
  return result === 1;
}

/** Extends the holder's lease (call while the job makes progress). */
export async function renewLeaseSlot(slot: LeaseSlot): Promise<void> {
  await slot.redis.zadd(slot.key, 'XX', Date.now() + slot.leaseMs, slot.holder);
}

export async function releaseLeaseSlot(slot: LeaseSlot): Promise<void> {
  await slot.redis.zrem(slot.key, slot.holder);
}
