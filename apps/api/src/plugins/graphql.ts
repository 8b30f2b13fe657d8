import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import mercurius from 'mercurius';
import {
  createEventChangeHub,
  createRedisConnection,
  createSyncRunHub,
  type ApiKeyAuthenticator,
  type Core,
  type Principal,
} from '@calsync/core';
import '../graphql/context.ts';
import { createErrorFormatter } from '../graphql/error-formatter.ts';
import { noIntrospectionRule } from '../graphql/limits/no-introspection.ts';
import type { FailedAuthLimit } from '../graphql/limits/failed-auth.ts';
import { normalizeGraphqlBodyPlugin } from '../graphql/limits/normalize-body.ts';
import { checkParsedDocument, MAX_TOKENS } from '../graphql/limits/parser-limits.ts';
import { checkQueryLimits } from '../graphql/limits/query-shape.ts';
import type { RateLimiter } from '../graphql/limits/rate-limiter.ts';
import type { ApiLimits } from '../config.ts';
import { stripSuggestions } from '../graphql/limits/strip-suggestions.ts';
import { createLiveSlots } from '../graphql/live/live-slots.ts';
import { createSubscriptionGuard, type ClosableSocket } from '../graphql/live/subscription-guard.ts';
import { checkScopedDocument, graphqlPrincipal } from '../graphql/access/display-scope.ts';
import { bearerToken } from './authenticate.ts';
import { requirePrincipal } from '../graphql/require-principal.ts';
import { buildLoaders } from '../graphql/loaders/index.ts';
import { loadSchema } from '../graphql/load-schema.ts';
import { buildResolvers } from '../graphql/resolvers/index.ts';

export interface GraphqlPluginOptions {
  core: Core;
  authenticator: ApiKeyAuthenticator;
  /** Also turns "Did you mean" suggestions on or off. */
  introspection: boolean;
  limiter: RateLimiter;
  failedAuth: FailedAuthLimit;
  limits: ApiLimits & { perKeyPerMinute: number };
}

/** The client address a subscription connection's context recorded, when mercurius exposes it. */
function connectionAddress(connection: unknown): string | undefined {
  const context = (connection as { context?: { clientAddress?: unknown } } | undefined)?.context;
  return typeof context?.clientAddress === 'string' ? context.clientAddress : undefined;
}

/** POST /graphql (and GraphiQL at /graphiql) over the contract's SDL files, with abuse limits. */
export const graphqlPlugin = fp(
  async (app: FastifyInstance, opts: GraphqlPluginOptions) => {
    await app.register(normalizeGraphqlBodyPlugin);
    const formatErrors = createErrorFormatter(app.log);
    // One Redis subscriber per feed and process, opened on the feed's first live subscription.
    const feedOptions = (name: string) => ({
      keyPrefix: opts.core.queuePrefix,
      createSubscriber: () => {
        const subscriber = createRedisConnection(opts.core.config.redisUrl, 'client');
        opts.core.redisOutages.watch(name, subscriber, subscriber);
        return subscriber;
      },
      // Retried until it holds; worth a line only when Redis itself is not known to be down.
      onSubscribeError: (tenantId: string, error: Error) => {
        if (!opts.core.redisOutages.isDown())
          app.log.warn({ tenantId, err: { message: error.message } }, 'live subscription failed; retrying');
      },
    });
    const eventChanges = createEventChangeHub(feedOptions('live-subscriber'));
    const syncRuns = createSyncRunHub(feedOptions('live-sync-runs'));
    app.addHook('onClose', async () => {
      await Promise.all([eventChanges.close(), syncRuns.close()]);
    });
    const guard = createSubscriptionGuard({
      authenticator: opts.authenticator,
      limiter: opts.limiter,
      slots: createLiveSlots({
        redis: opts.core.redis,
        prefix: opts.core.queuePrefix,
        ttlMs: opts.limits.liveSlotTtlMs,
      }),
      limits: opts.limits,
      introspection: opts.introspection,
    });
    app.addHook('onClose', () => guard.close());
    await app.register(mercurius, {
      schema: loadSchema(),
      resolvers: buildResolvers(),
      loaders: buildLoaders(),
      // Served offline by plugins/graphiql.ts instead of mercurius' CDN-based page.
      graphiql: false,
      path: '/graphql',
      jit: 1,
      // Backstop only: checkQueryLimits enforces a lower depth with QUERY_TOO_COMPLEX.
      queryDepth: 16,
      allowBatchedQueries: false,
      graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
      subscription: {
        // Headers work for server-side clients; browsers can only authenticate in connection_init.
        // mercurius types the socket as ws' WebSocket, whose types are not installed here.
        context: async (socket: ClosableSocket, request) => {
          const presentedKey = bearerToken(request.headers.authorization);
          const principal = presentedKey
            ? graphqlPrincipal(await opts.authenticator.authenticate(presentedKey))
            : null;
          if (presentedKey && !principal) opts.failedAuth.failed(request.ip);
          return {
            core: opts.core,
            authenticator: opts.authenticator,
            maxApiKeysPerTenant: opts.limits.maxApiKeysPerTenant,
            eventChanges,
            syncRuns,
            guard,
            live: guard.connection(socket),
            clientAddress: request.ip,
            presentedKey,
            principal,
          };
        },
        // A `function`: mercurius calls it on the connection, whose `context` already holds what
        // `context` above returned (the client address the failed-auth limit counts against).
        onConnect: async function (this: unknown, { payload }: { payload: unknown }) {
          const address = connectionAddress(this);
          const record = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
          const headers =
            record.headers && typeof record.headers === 'object'
              ? (record.headers as Record<string, unknown>)
              : {};
          const presented = record.authorization ?? record.Authorization ?? headers.authorization;
          if (presented === undefined) return true;
          if (address !== undefined && !opts.failedAuth.check(address).allowed) return false;
          const presentedKey = bearerToken(presented);
          const principal = presentedKey
            ? graphqlPrincipal(await opts.authenticator.authenticate(presentedKey))
            : null;
          if (!principal && address !== undefined) opts.failedAuth.failed(address);
          return principal ? { principal, presentedKey } : false;
        },
      },
      validationRules: opts.introspection ? [] : [noIntrospectionRule],
      errorFormatter: opts.introspection
        ? formatErrors
        : (execution) => {
            const formatted = formatErrors(execution);
            const errors = formatted.response.errors?.map((e) => ({
              ...e,
              message: stripSuggestions(e.message),
            }));
            return { ...formatted, response: { ...formatted.response, ...(errors ? { errors } : {}) } };
          },
      // Also built by mercurius' error handler for requests that failed before authentication
      // (body too large, malformed JSON): throwing here would turn their 4xx into a 500.
      // Resolvers never see a null principal: the authenticate hook answers 401 first, and
      // requirePrincipal refuses any execution that got here without one.
      context: (request) => ({
        core: opts.core,
        principal: request.principal as Principal,
        authenticator: opts.authenticator,
        maxApiKeysPerTenant: opts.limits.maxApiKeysPerTenant,
      }),
    });
    app.graphql.addHook('preParsing', (_schema, _source, context) => requirePrincipal(context));
    app.graphql.addHook('preValidation', (_schema, document) => {
      const refused = checkParsedDocument(document);
      return refused ? Promise.reject(refused) : Promise.resolve();
    });
    app.graphql.addHook('preExecution', (schema, document, context, variables) => {
      const violation =
        checkScopedDocument(schema, document, context.principal) ??
        checkQueryLimits(schema, document, variables);
      if (violation) throw violation;
      return Promise.resolve();
    });
  },
  { name: 'calsync-graphql', dependencies: ['calsync-authenticate'] },
);
