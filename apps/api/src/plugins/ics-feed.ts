import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { mailboxScopeOf, readMailboxFeed, type ApiKeyAuthenticator, type Core } from '@calsync/core';
import type { FailedAuthLimit } from '../graphql/limits/failed-auth.ts';
import { consumeRequestBudget } from '../graphql/limits/rate-limit.ts';
import type { RateLimiter } from '../graphql/limits/rate-limiter.ts';

export interface IcsFeedOptions {
  core: Core;
  authenticator: ApiKeyAuthenticator;
  limiter: RateLimiter;
  /** A wrong feed token is a failed authentication like a wrong API key: one count per address. */
  failedAuth: FailedAuthLimit;
  limits: { perKeyPerMinute: number; perTenantPerMinute: number };
}

function notFound(reply: FastifyReply): FastifyReply {
  // The same answer for a wrong, revoked or non-feed token and a removed mailbox: nothing to probe.
  return reply.code(404).type('text/plain; charset=utf-8').send('feed not found');
}

/**
 * `GET /ics/<feed token>.ics`: one mailbox's events as iCalendar for calendar clients and simple
 * displays. The token in the path is the credential (calendar clients cannot send headers), so
 * request logs redact it (request-serializer.ts). Strong ETag over the body: an unchanged
 * calendar costs a client one 304.
 */
export const icsFeedPlugin = fp(
  (app: FastifyInstance, opts: IcsFeedOptions) => {
    app.get<{ Params: { file: string } }>('/ics/:file', async (request, reply) => {
      const blocked = opts.failedAuth.check(request.ip);
      if (!blocked.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(blocked.retryAfterSeconds))
          .type('text/plain; charset=utf-8')
          .send('too many failed attempts from this address');
      }
      const token = /^(.+)\.ics$/.exec(request.params.file)?.[1];
      const principal = token ? await opts.authenticator.authenticate(token) : null;
      if (!principal || mailboxScopeOf(principal)?.purpose !== 'FEED') {
        opts.failedAuth.failed(request.ip);
        return notFound(reply);
      }
      const refused = consumeRequestBudget(opts.limiter, principal, opts.limits);
      if (refused) {
        return reply
          .code(429)
          .header('retry-after', String(refused.retryAfterSeconds))
          .type('text/plain; charset=utf-8')
          .send(refused.message);
      }
      const feed = await readMailboxFeed(opts.core.db, principal, new Date());
      if (!feed) return notFound(reply);
      const etag = `"${createHash('sha256').update(feed.body).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'private, max-age=300');
      const presented = request.headers['if-none-match'];
      if (presented && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).send();
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="calendar.ics"')
        .send(feed.body);
    });
  },
  { name: 'calsync-ics-feed' },
);
