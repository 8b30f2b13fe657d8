import Fastify, { type FastifyInstance } from 'fastify';
import { createApiKeyAuthenticator, tracingEnabled, type Core } from '@calsync/core';
import { resolveApiLimits, type ApiConfig } from './config.ts';
import { rateLimitPlugin } from './graphql/limits/rate-limit.ts';
import { createFailedAuthLimit } from './graphql/limits/failed-auth.ts';
import { createRateLimiter } from './graphql/limits/rate-limiter.ts';
import { authenticatePlugin } from './plugins/authenticate.ts';
import { boardPlugin } from './plugins/board.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { graphiqlPlugin } from './plugins/graphiql.ts';
import { graphqlPlugin } from './plugins/graphql.ts';
import { healthPlugin } from './plugins/health.ts';
import { icsFeedPlugin } from './plugins/ics-feed.ts';
import { logContextPlugin } from './plugins/log-context.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { queueDashboardPlugin } from './plugins/queue-dashboard.ts';
import { requestChildLogger } from './plugins/child-logger.ts';
import { serializeRequest } from './plugins/request-serializer.ts';
import { tracingPlugin } from './plugins/tracing.ts';
import { graphWebhooksPlugin } from './webhooks/graph-webhooks.ts';

export interface BuildAppOptions {
  config: ApiConfig;
  core: Core;
}

/** Builds the API without listening (tests use inject). Closing the app does not close core. */
export async function buildApp({ config, core }: BuildAppOptions): Promise<FastifyInstance> {
  // pino's Logger type is wider than FastifyBaseLogger; widen the instance back to the default.
  const app = Fastify({
    loggerInstance: core.logger.child({ component: 'api' }, { serializers: { req: serializeRequest } }),
    bodyLimit: 1_048_576,
    requestIdHeader: 'x-request-id',
    childLoggerFactory: requestChildLogger,
  }) as unknown as FastifyInstance;
  const authenticator = createApiKeyAuthenticator({ db: core.db, adminApiKey: config.adminApiKey });
  app.addHook('onClose', () => authenticator.close());

  await app.register(logContextPlugin);
  if (tracingEnabled()) await app.register(tracingPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(healthPlugin, { core });
  await app.register(metricsPlugin, { core, adminApiKey: config.adminApiKey });
  await app.register(queueDashboardPlugin, { core, adminApiKey: config.adminApiKey });
  await app.register(graphWebhooksPlugin, { core });
  const limits = resolveApiLimits(config.limits);
  const limiter = createRateLimiter({ redis: core.redis, prefix: core.queuePrefix });
  const failedAuth = createFailedAuthLimit(limiter, limits.failedAuthPerMinute);
  await app.register(authenticatePlugin, { authenticator, failedAuth });
  await app.register(rateLimitPlugin, {
    limiter,
    perKeyPerMinute: config.rateLimitPerMinute,
    perTenantPerMinute: limits.perTenantPerMinute,
  });
  await app.register(graphiqlPlugin);
  await app.register(boardPlugin);
  await app.register(icsFeedPlugin, {
    core,
    authenticator,
    limiter,
    failedAuth,
    limits: { perKeyPerMinute: config.rateLimitPerMinute, perTenantPerMinute: limits.perTenantPerMinute },
  });
  await app.register(graphqlPlugin, {
    core,
    authenticator,
    introspection: config.introspection,
    limiter,
    failedAuth,
    limits: { ...limits, perKeyPerMinute: config.rateLimitPerMinute },
  });
  return app;
}
