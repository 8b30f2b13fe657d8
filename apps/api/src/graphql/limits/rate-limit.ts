import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal } from '@calsync/core';
import type { RateDecision, RateLimiter } from './rate-limiter.ts';

export interface RateLimitOptions {
  limiter: RateLimiter;
  perKeyPerMinute: number;
  perTenantPerMinute: number;
}

/** A GraphQL-shaped 429 so clients see `extensions.code: RATE_LIMITED`. */
export async function sendRateLimited(
  reply: FastifyReply,
  message: string,
  retryAfterSeconds: number,
): Promise<void> {
  await reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({
      data: null,
      errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }],
    });
}

/**
 * The per-key and per-tenant budgets of one request or subscription: a refusal names the
 * exhausted budget. The tenant budget is what stops an ADMIN from multiplying its
 * allowance by minting keys.
 */
export function consumeRequestBudget(
  limiter: RateLimiter,
  principal: Principal,
  limits: { perKeyPerMinute: number; perTenantPerMinute: number },
): { message: string; retryAfterSeconds: number } | null {
  const key: RateDecision = limiter.consume(
    `key:${principal.keyId ?? 'platform-admin'}`,
    limits.perKeyPerMinute,
  );
  if (!key.allowed) {
    return {
      message: `rate limit of ${limits.perKeyPerMinute} requests per minute exceeded for this API key`,
      retryAfterSeconds: key.retryAfterSeconds,
    };
  }
  if (principal.tenantId) {
    const tenant = limiter.consume(`tenant:${principal.tenantId}`, limits.perTenantPerMinute);
    if (!tenant.allowed) {
      return {
        message: `rate limit of ${limits.perTenantPerMinute} requests per minute exceeded for this tenant (all its keys)`,
        retryAfterSeconds: tenant.retryAfterSeconds,
      };
    }
  }
  return null;
}

/** Per-key and per-tenant limits on authenticated GraphQL HTTP requests. */
export const rateLimitPlugin = fp(
  (app: FastifyInstance, opts: RateLimitOptions) => {
    app.addHook('preHandler', async (request, reply) => {
      const principal = request.principal;
      if (!principal || request.routeOptions.url !== '/graphql') return;
      const refused = consumeRequestBudget(opts.limiter, principal, {
        perKeyPerMinute: opts.perKeyPerMinute,
        perTenantPerMinute: opts.perTenantPerMinute,
      });
      if (refused) await sendRateLimited(reply, refused.message, refused.retryAfterSeconds);
    });
  },
  { name: 'calsync-rate-limit', dependencies: ['calsync-authenticate'] },
);
