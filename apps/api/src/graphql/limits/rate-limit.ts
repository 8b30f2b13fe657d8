import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

export interface RateLimitOptions {
  redis: Redis;
  /** Key prefix, so parallel deployments (and tests) on one Redis never share counters. */
  prefix: string;
  limitPerMinute: number;
}

/** How often a key's local count is added to the shared Redis counter while it is busy. */
const FLUSH_INTERVAL_MS = 100;

interface KeyCount {
  /** Total in Redis at the last flush (all instances). */
  shared: number;
  /** Sent to Redis, not yet acknowledged. */
  inFlight: number;
  /** Counted here since the last flush. */
  local: number;
  lastFlushAt: number;
}

/**
 * Fixed one-minute window per API key, shared by every API instance through Redis. The
 * decision never waits for Redis: each instance counts locally and adds its count to the
 * shared counter (INCRBY) at most every 100 ms per key — and on every request once a key
 * is within 10% of its limit — so a request costs no extra round trip, and instances
 * overshoot by at most what the others served in the last 100 ms. Exact on one instance.
 * If Redis fails the local count still limits this instance.
 */
export const rateLimitPlugin = fp(
  (app: FastifyInstance, opts: RateLimitOptions) => {
    let windowIndex = -1;
    let counts = new Map<string, KeyCount>();

    function flush(keyId: string, count: KeyCount, window: number): void {
      if (count.local === 0 || count.inFlight > 0) return;
      const amount = count.local;
      count.local = 0;
      count.inFlight = amount;
      count.lastFlushAt = Date.now();
      const redisKey = `${opts.prefix}:ratelimit:${keyId}:${window}`;
      opts.redis.incrby(redisKey, amount).then(
        (total) => {
          count.shared = Math.max(count.shared + amount, total);
          count.inFlight = 0;
          if (total === amount) void opts.redis.expire(redisKey, 61).catch(() => undefined);
        },
        () => {
          count.shared += amount;
          count.inFlight = 0;
        },
      );
    }

    app.addHook('preHandler', async (request, reply) => {
      const principal = request.principal;
      if (!principal || request.routeOptions.url !== '/graphql') return;
      const now = Date.now();
      const window = Math.floor(now / 60_000);
      if (window !== windowIndex) {
        windowIndex = window;
        counts = new Map();
      }
      const keyId = principal.keyId ?? 'platform-admin';
      let count = counts.get(keyId);
      if (!count) {
        count = { shared: 0, inFlight: 0, local: 0, lastFlushAt: 0 };
        counts.set(keyId, count);
      }
      const used = count.shared + count.inFlight + count.local;
      if (used >= opts.limitPerMinute) {
        const retryAfter = Math.max(1, 60 - Math.floor((now % 60_000) / 1000));
        await reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({
            data: null,
            errors: [
              {
                message: `rate limit of ${opts.limitPerMinute} requests per minute exceeded for this API key`,
                extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
              },
            ],
          });
        return;
      }
      count.local++;
      if (now - count.lastFlushAt >= FLUSH_INTERVAL_MS || used + 1 >= opts.limitPerMinute * 0.9) {
        flush(keyId, count, window);
      }
    });
  },
  { name: 'calsync-rate-limit', dependencies: ['calsync-authenticate'] },
);
