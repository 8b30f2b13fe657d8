import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { addLogContext, type ApiKeyAuthenticator, type Principal } from '@calsync/core';
import { graphqlPrincipal } from '../graphql/access/display-scope.ts';
import type { FailedAuthLimit } from '../graphql/limits/failed-auth.ts';
import { sendRateLimited } from '../graphql/limits/rate-limit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Decorated by @fastify/websocket (registered by mercurius): true only for an upgraded socket. */
    ws: boolean;
  }
}

/** Extracts `Bearer <key>` from an Authorization header value. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function resolvePrincipal(
  authenticator: ApiKeyAuthenticator,
  header: unknown,
): Promise<Principal | null> {
  const presented = bearerToken(header);
  return presented ? authenticator.authenticate(presented) : Promise.resolve(null);
}

export interface AuthenticateOptions {
  authenticator: ApiKeyAuthenticator;
  /** Missing or wrong keys per client address; past it, 429 without a key lookup. */
  failedAuth: FailedAuthLimit;
}

/**
 * Authenticates every GraphQL HTTP request before mercurius runs. A missing or bad key is
 * answered with a GraphQL-shaped 401 so clients see `extensions.code: UNAUTHENTICATED`;
 * an address that keeps failing gets 429 RATE_LIMITED before its keys are even looked up.
 */
export const authenticatePlugin = fp(
  (app: FastifyInstance, opts: AuthenticateOptions) => {
    app.decorateRequest('principal', null);
    app.addHook('preHandler', async (request: FastifyRequest, reply) => {
      if (request.routeOptions.url !== '/graphql') return;
      // Also before a WebSocket upgrade: a blocked address gets its 429 instead of a socket.
      const blocked = opts.failedAuth.check(request.ip);
      if (!blocked.allowed) {
        await sendRateLimited(reply, opts.failedAuth.message, blocked.retryAfterSeconds);
        return;
      }
      // Only a completed WebSocket handshake (@fastify/websocket sets request.ws) goes to the
      // subscription handler, which authenticates in connection_init (and counts its failures
      // against the same address); a bare Upgrade header on a plain request is just a header.
      if (request.ws === true) return;
      request.principal = graphqlPrincipal(
        await resolvePrincipal(opts.authenticator, request.headers.authorization),
      );
      if (request.principal?.tenantId) addLogContext({ tenantId: request.principal.tenantId });
      if (!request.principal) {
        opts.failedAuth.failed(request.ip);
        await reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({
            data: null,
            errors: [
              {
                message: 'a valid API key is required: Authorization: Bearer <key>',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          });
      }
    });
  },
  { name: 'calsync-authenticate' },
);
