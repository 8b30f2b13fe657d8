import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

export interface RateLimitOptions {
  redis: Redis;
  /** Key prefix, so parallel deployments (and tests) on one Redis never share counters. */
  prefix: string;
  limitPerMinute: number;
}

/**
 * Fixed one-minute window per API key, counted in Redis so every API instance shares it.
 * Runs after authentication on /graphql; an exhausted key gets 429 RATE_LIMITED with
 * Retry-After. If Redis does not answer the request is let through: rate limiting protects
 * capacity, and failing closed would turn a Redis hiccup into a full outage.
 */
export const rateLimitPlugin = fp(
  (app: FastifyInstance, opts: RateLimitOptions) => {
    app.addHook('preHandler', async (request, reply) => {
      const principal = request.principal;
      if (!principal || request.routeOptions.url !== '/graphql') return;
      const windowIndex = Math.floor(Date.now() / 60_000);
      const key = `${opts.prefix}:ratelimit:${principal.keyId ?? 'platform-admin'}:${windowIndex}`;
      let count: number;
      try {
        // One round trip per request; the window's first request also sets its expiry.
        count = await opts.redis.incr(key);
        if (count === 1) void opts.redis.expire(key, 61).catch(() => undefined);
      } catch (error) {
        request.log.warn({ err: { message: (error as Error).message } }, 'rate limit check skipped');
        return;
      }
      if (count <= opts.limitPerMinute) return;
      const retryAfter = Math.max(1, 60 - Math.floor((Date.now() % 60_000) / 1000));
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
    });
  },
  { name: 'calsync-rate-limit', dependencies: ['calsync-authenticate'] },
);
