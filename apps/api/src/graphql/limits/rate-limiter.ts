import type { Redis } from 'ioredis';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts units per bucket ("key:…", "tenant:…", "addr:…") in one-minute windows. */
export interface RateLimiter {
  /** Counts one unit against `bucket` unless it already used `limit` this minute. */
  consume(bucket: string, limit: number): RateDecision;
  /** Whether `bucket` has used up `limit` this minute, without counting. */
  exhausted(bucket: string, limit: number): RateDecision;
}

/** How often a bucket's local count is added to the shared Redis counter while it is busy. */
const FLUSH_INTERVAL_MS = 100;

interface BucketCount {
  /** Total in Redis at the last flush (all instances). */
  shared: number;
  /** Sent to Redis, not yet acknowledged. */
  inFlight: number;
  /** Counted here since the last flush. */
  local: number;
  lastFlushAt: number;
}

/**
 * Fixed one-minute windows shared by every API instance through Redis. The decision never
 * waits for Redis: each instance counts locally and adds its count to the shared counter
 * (INCRBY) at most every 100 ms per bucket — and on every unit once a bucket is within 10%
 * of its limit — so a request costs no extra round trip, and instances overshoot by at
 * most what the others served in the last 100 ms. Exact on one instance. If Redis fails the
 * local count still limits this instance.
 */
export function createRateLimiter(options: { redis: Redis; prefix: string }): RateLimiter {
  let windowIndex = -1;
  let counts = new Map<string, BucketCount>();

  function flush(bucket: string, count: BucketCount, window: number): void {
    if (count.local === 0 || count.inFlight > 0) return;
    const amount = count.local;
    count.local = 0;
    count.inFlight = amount;
    count.lastFlushAt = Date.now();
    const redisKey = `${options.prefix}:ratelimit:${bucket}:${window}`;
    options.redis.incrby(redisKey, amount).then(
      (total) => {
        count.shared = Math.max(count.shared + amount, total);
        count.inFlight = 0;
        if (total === amount) void options.redis.expire(redisKey, 61).catch(() => undefined);
      },
      () => {
        count.shared += amount;
        count.inFlight = 0;
      },
    );
  }

  function current(bucket: string, now: number): { count: BucketCount; window: number } {
    const window = Math.floor(now / 60_000);
    if (window !== windowIndex) {
      windowIndex = window;
      counts = new Map();
    }
    let count = counts.get(bucket);
    if (!count) {
      count = { shared: 0, inFlight: 0, local: 0, lastFlushAt: 0 };
      counts.set(bucket, count);
    }
    return { count, window };
  }

  function refusal(now: number): RateDecision {
    return { allowed: false, retryAfterSeconds: Math.max(1, 60 - Math.floor((now % 60_000) / 1000)) };
  }

  return {
    consume(bucket, limit) {
      const now = Date.now();
      const { count, window } = current(bucket, now);
      const used = count.shared + count.inFlight + count.local;
      if (used >= limit) return refusal(now);
      count.local++;
      if (now - count.lastFlushAt >= FLUSH_INTERVAL_MS || used + 1 >= limit * 0.9) {
        flush(bucket, count, window);
      }
      return { allowed: true };
    },
    exhausted(bucket, limit) {
      const now = Date.now();
      const { count } = current(bucket, now);
      return count.shared + count.inFlight + count.local >= limit ? refusal(now) : { allowed: true };
    },
  };
}
