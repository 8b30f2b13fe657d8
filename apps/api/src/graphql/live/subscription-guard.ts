import { createRequire } from 'node:module';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type * as Graphql from 'graphql';
import type { ApiKeyAuthenticator, Principal } from '@calsync/core';
import type { ApiLimits } from '../../config.ts';
import { noIntrospectionRule } from '../limits/no-introspection.ts';
import { checkParsedDocument, MAX_TOKENS, tokenLimitError } from '../limits/parser-limits.ts';
import { checkQueryLimits } from '../limits/query-shape.ts';
import { consumeRequestBudget } from '../limits/rate-limit.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { stripSuggestions } from '../limits/strip-suggestions.ts';
import type { LiveSlots } from './live-slots.ts';

// validate() checks the schema with instanceof: it must come from the graphql build that
// mercurius (CommonJS) built the schema with, which an ESM import may not resolve to.
const { parse, specifiedRules, validate } = createRequire(import.meta.url)('graphql') as typeof Graphql;

/** graphql-transport-ws close code for a connection whose credentials stopped being valid. */
export const CLOSE_FORBIDDEN = 4403;

export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** What one WebSocket connection holds for the guard (created when it initialises). */
export interface LiveConnection {
  socket: ClosableSocket;
  active: number;
  recheck: ReturnType<typeof setInterval> | null;
}

/** The subscription context fields the guard reads (see plugins/graphql.ts `subscription`). */
export interface GuardedContext {
  principal: Principal | null;
  presentedKey: string | null;
  live: LiveConnection;
}

export interface SubscriptionGuardOptions {
  authenticator: ApiKeyAuthenticator;
  limiter: RateLimiter;
  /** The per-key cap's slots, shared by every API instance. */
  slots: LiveSlots;
  limits: ApiLimits & { perKeyPerMinute: number };
  introspection: boolean;
}

function refused(code: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/**
 * mercurius neither validates subscription documents nor runs the HTTP limits on them, so
 * every subscription passes here first: the same parser, validation, shape and rate limits
 * as an HTTP query, caps per connection and per key (the key's across every API instance),
 * and a periodic re-check of the key that closes the socket once it is revoked or its tenant
 * is gone.
 */
export function createSubscriptionGuard(options: SubscriptionGuardOptions) {
  const { limits } = options;
  const rules = options.introspection ? specifiedRules : [...specifiedRules, noIntrospectionRule];

  function checkDocument(info: GraphQLResolveInfo): GraphQLError | null {
    const source = info.operation.loc?.source.body;
    if (source === undefined) return refused('BAD_USER_INPUT', 'the query must be GraphQL text');
    let document;
    try {
      document = parse(source, { maxTokens: MAX_TOKENS });
    } catch (error) {
      if (error instanceof GraphQLError) {
        return tokenLimitError(error) ?? refused('BAD_USER_INPUT', error.message);
      }
      throw error;
    }
    const shape = checkParsedDocument(document);
    if (shape) return shape;
    const [invalid] = validate(info.schema, document, rules);
    if (invalid) {
      const code = typeof invalid.extensions.code === 'string' ? invalid.extensions.code : 'BAD_USER_INPUT';
      const message = options.introspection ? invalid.message : stripSuggestions(invalid.message);
      return refused(code, message);
    }
    return checkQueryLimits(info.schema, document, info.variableValues);
  }

  function startRecheck(live: LiveConnection, presentedKey: string): void {
    if (live.recheck) return;
    live.recheck = setInterval(() => {
      options.authenticator.authenticate(presentedKey, { fresh: true }).then(
        (principal) => {
          if (principal === null) live.socket.close(CLOSE_FORBIDDEN, 'Forbidden: API key revoked');
        },
        // An outage is not a revocation: keep the socket, try again next time.
        () => undefined,
      );
    }, limits.liveKeyRecheckMs);
    live.recheck.unref();
  }

  return {
    connection(socket: ClosableSocket): LiveConnection {
      const live: LiveConnection = { socket, active: 0, recheck: null };
      socket.once('close', () => {
        if (live.recheck) clearInterval(live.recheck);
      });
      return live;
    },

    /** Runs every check for one subscribe; resolves to the release for when it ends. */
    async admit(context: GuardedContext, info: GraphQLResolveInfo): Promise<() => void> {
      const { principal, presentedKey, live } = context;
      if (!principal || !presentedKey) {
        throw refused('UNAUTHENTICATED', 'send { authorization: "Bearer <key>" } in connection_init');
      }
      const invalid = checkDocument(info);
      if (invalid) throw invalid;
      const budget = consumeRequestBudget(options.limiter, principal, limits);
      if (budget) {
        throw refused('RATE_LIMITED', budget.message, { retryAfterSeconds: budget.retryAfterSeconds });
      }
      if (live.active >= limits.subscriptionsPerConnection) {
        throw refused(
          'RATE_LIMITED',
          `at most ${limits.subscriptionsPerConnection} live subscriptions per connection`,
          { limit: limits.subscriptionsPerConnection },
        );
      }
      // Counted before waiting for Redis, so concurrent subscribes on one connection cannot overshoot.
      live.active++;
      let slot;
      try {
        slot = await options.slots.claim(principal.keyId ?? 'platform-admin', limits.subscriptionsPerKey);
      } catch {
        live.active--;
        // Live updates travel through Redis: without it there is nothing to subscribe to.
        throw refused('UNAVAILABLE', 'live updates are temporarily unavailable; retry shortly');
      }
      if (!slot) {
        live.active--;
        throw refused(
          'RATE_LIMITED',
          `at most ${limits.subscriptionsPerKey} live subscriptions per API key`,
          {
            limit: limits.subscriptionsPerKey,
          },
        );
      }
      startRecheck(live, presentedKey);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        live.active--;
        slot.release();
      };
    },

    close(): void {
      options.slots.close();
    },
  };
}

export type SubscriptionGuard = ReturnType<typeof createSubscriptionGuard>;

/** The same stream, calling `release` once when it is returned (unsubscribe, disconnect). */
export function releasing<T>(
  stream: AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> },
  release: () => void,
): AsyncIterableIterator<T> {
  const wrapped: AsyncIterableIterator<T> = {
    next: () => stream.next(),
    return: () => {
      release();
      return stream.return();
    },
    throw: (error?: unknown) => {
      release();
      return stream.throw
        ? stream.throw(error)
        : Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}
