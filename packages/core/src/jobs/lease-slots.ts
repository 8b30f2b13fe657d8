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

// The same, unless KEYS[2] holds a time (epoch ms) later than now, e.g. the group's back-off: then
// no slot, and that time. One round trip for both checks a job makes before it may start.
const ACQUIRE_UNLESS_BLOCKED = `
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if blocked > tonumber(ARGV[1]) then return {0, blocked} end
local acquired = (function() ${ACQUIRE} end)()
return {acquired, 0}`;

type Scripts = Record<string, (...args: string[]) => Promise<unknown>>;
const definedOn = new WeakMap<Redis, Set<string>>();

/**
 * Runs a Lua script by its SHA (EVALSHA, loaded on first use) instead of sending its text with
 * every call as EVAL does: these scripts run once or twice per job, so their text was a large
 * share of the worker's Redis writes.
 */
function runScript(redis: Redis, name: string, lua: string, numberOfKeys: number, args: string[]) {
  let names = definedOn.get(redis);
  if (!names) definedOn.set(redis, (names = new Set()));
  if (!names.has(name)) {
    redis.defineCommand(name, { numberOfKeys, lua });
    names.add(name);
  }
  return (redis as unknown as Scripts)[name]!(...args);
}

function acquireArgs(slot: LeaseSlot, now: number): string[] {
  return [String(now), String(now + slot.leaseMs), slot.holder, String(slot.limit), String(slot.leaseMs * 2)];
}

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
  const args = [slot.key, ...acquireArgs(slot, Date.now())];
  return (await runScript(slot.redis, 'calsyncAcquireLeaseSlot', ACQUIRE, 1, args)) === 1;
}

/**
 * acquireLeaseSlot, unless `blockedUntilKey` holds a later time than now (epoch ms, as the
 * connector back-off stores it): then no slot is taken and `blockedUntil` is that time.
 * `blockedUntilKey` must share the slot key's prefix (one hash slot on Redis Cluster).
 */
export async function acquireLeaseSlotUnlessBlocked(
  slot: LeaseSlot,
  blockedUntilKey: string,
): Promise<{ acquired: boolean; blockedUntil: number }> {
  const args = [slot.key, blockedUntilKey, ...acquireArgs(slot, Date.now())];
  const [acquired, blockedUntil] = (await runScript(
    slot.redis,
    'calsyncAcquireLeaseSlotUnlessBlocked',
    ACQUIRE_UNLESS_BLOCKED,
    2,
    args,
  )) as [number, number];
  return { acquired: acquired === 1, blockedUntil };
}

/** Extends the holder's lease (call while the job makes progress). */
export async function renewLeaseSlot(slot: LeaseSlot): Promise<void> {
  await slot.redis.zadd(slot.key, 'XX', Date.now() + slot.leaseMs, slot.holder);
}

export async function releaseLeaseSlot(slot: LeaseSlot): Promise<void> {
  await slot.redis.zrem(slot.key, slot.holder);
}
