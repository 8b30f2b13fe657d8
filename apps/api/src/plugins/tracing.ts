import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { activeTraceId, addLogContext, startServerSpan } from '@calsync/core';

type Span = ReturnType<typeof startServerSpan>;

declare module 'fastify' {
  interface FastifyRequest {
    traceSpan: Span | null;
  }
}

/** The GraphQL operation name a client sent (span attribute; mutations name the trace). */
function operationName(request: FastifyRequest): string | undefined {
  const body = request.body as { operationName?: unknown } | undefined;
  return typeof body?.operationName === 'string' ? body.operationName.slice(0, 100) : undefined;
}

/**
 * Registered only when tracing is on (app.ts): each request is a server span continuing the
 * client's `traceparent`; everything it runs (resolvers, SQL, queued jobs' trace context) is a
 * child of it, and its log lines carry the traceId.
 */
export const tracingPlugin = fp(
  (app: FastifyInstance) => {
    app.decorateRequest('traceSpan', null);
    app.addHook('onRequest', (request, _reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      request.traceSpan = startServerSpan(`${request.method} ${route}`, request.headers, () => {
        const traceId = activeTraceId();
        if (traceId) addLogContext({ traceId });
        done();
      });
    });
    app.addHook('preHandler', (request, _reply, done) => {
      const name = operationName(request);
      if (name) request.traceSpan?.setAttribute('graphql.operation.name', name);
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      request.traceSpan?.setAttribute('http.response.status_code', reply.statusCode);
      request.traceSpan?.end();
      done();
    });
  },
  { name: 'calsync-tracing', dependencies: ['calsync-log-context'] },
);
