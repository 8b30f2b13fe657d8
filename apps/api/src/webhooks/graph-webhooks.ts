import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '@calsync/core';
import { acceptNotifications, type WebhookKind } from './accept-notifications.ts';
import { readItems } from './notification-body.ts';
import { createNotificationMetrics } from './notification-metrics.ts';

/** Microsoft posts at most this much; larger bodies are refused before parsing. */
const BODY_LIMIT = 1_048_576;

/**
 * Graph change and lifecycle notifications (docs/graph-notifications.md), no API key: any API instance
 * answers. `?validationToken=` → the decoded token as text/plain (the handshake); a collection → 202 once
 * its authentic items are queued as sync or subscription jobs. Forged and unknown items are dropped silently
 * (202 all the same: the answer tells a sender nothing).
 */
export function graphWebhooksPlugin(app: FastifyInstance, opts: { core: Core }, done: () => void): void {
  const metrics = createNotificationMetrics(app.metricsRegistry);
  const route = (kind: WebhookKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const token = (request.query as Record<string, unknown>).validationToken;
    if (typeof token === 'string') {
      return reply
        .code(200)
        .header('x-content-type-options', 'nosniff')
        .type('text/plain; charset=utf-8')
        .send(token);
    }
    const read = readItems(request.body);
    if (!read) {
      metrics.dropped.inc({ reason: 'malformed' });
      return reply
        .code(400)
        .send({ error: 'Expected a notification collection { value: [...] }', code: 'BAD_REQUEST' });
    }
    if (read.malformed > 0) metrics.dropped.inc({ reason: 'malformed' }, read.malformed);
    await acceptNotifications(opts.core, kind, read.items, metrics);
    return reply.code(202).send();
  };
  app.post('/webhooks/graph', { bodyLimit: BODY_LIMIT }, route('change'));
  app.post('/webhooks/graph/lifecycle', { bodyLimit: BODY_LIMIT }, route('lifecycle'));
  done();
}
