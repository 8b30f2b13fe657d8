// Live-subscription slots shared by every API instance through Redis, so a per-key cap holds across
// instances. Each slot is a member of a sorted set per owner (API key) scored by when it expires; the
// instance holding it pushes that expiry forward every third of the TTL. A crashed instance stops
// doing so, and its slots are dropped by the next claim once they expire: nothing leaks for longer
// than the TTL.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LiveSlot {
  /** Gives the slot back (idempotent). */
  release(): void;
}

export interface LiveSlots {
  /** One of `limit` slots of `owner` across all instances, or null when every one is taken. */
  claim(owner: string, limit: number): Promise<LiveSlot | null>;
  /** Stops refreshing (the process is closing; its sockets release their slots as they close). */
  close(): void;
}

export interface LiveSlotsOptions {
  redis: Redis;
  prefix: string;
  /** How long a slot outlives its holder's last refresh. */
  ttlMs: number;
}

// Redis' clock, not the instances': a skewed instance must not expire others' slots early.
const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] the owner's set; ARGV: limit, ttl ms, member. 1 when claimed, 0 when full. */
const CLAIM = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * KEYS[1] the owner's set; ARGV: ttl ms, members. Re-adds members too (Redis lost them in an outage):
 * after one, the owner may briefly hold more than its cap until subscriptions end.
 */
const REFRESH = `${NOW_MS}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

export function createLiveSlots(options: LiveSlotsOptions): LiveSlots {
  const instance = randomUUID();
  /** Slots this instance holds: member → owner. */
  const held = new Map<string, string>();
  const setKey = (owner: string): string => `${options.prefix}:live:slots:${owner}`;

  const refresh = setInterval(
    () => {
      const byOwner = new Map<string, string[]>();
      for (const [member, owner] of held) byOwner.set(owner, [...(byOwner.get(owner) ?? []), member]);
      for (const [owner, members] of byOwner) {
        // A failed refresh is retried next tick; the TTL is three ticks long.
        options.redis
          .eval(REFRESH, 1, setKey(owner), String(options.ttlMs), ...members)
          .catch(() => undefined);
      }
    },
    Math.max(1, Math.floor(options.ttlMs / 3)),
  );
  refresh.unref();

  return {
    async claim(owner, limit) {
      const member = `${instance}:${randomUUID()}`;
      const claimed = await options.redis.eval(
        CLAIM,
        1,
        setKey(owner),
        String(limit),
        String(options.ttlMs),
        member,
      );
      if (claimed !== 1) return null;
      held.set(member, owner);
      return {
        release() {
          if (!held.delete(member)) return;
          // Not reaching Redis only delays the slot's return until its expiry.
          options.redis.zrem(setKey(owner), member).catch(() => undefined);
        },
      };
    },
    close() {
      clearInterval(refresh);
    },
  };
}
