import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_NAMES, type Core } from '@calsync/core';
import { createOperationLabeler } from './operation-name.ts';
import { requireAdminKey } from './operator-auth.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance's Prometheus registry: plugins registered after this one add their metrics to it. */
    metricsRegistry: Registry;
  }
}

/**
 * Prometheus metrics at GET /metrics (platform admin key): HTTP latency by route, queue depth
 * per queue and state (read at scrape time), process metrics. One registry per app instance.
 */
export const metricsPlugin = fp(
  (app: FastifyInstance, opts: { core: Core; adminApiKey: string }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'calsync_api_' });
    const duration = new Histogram({
      name: 'calsync_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const errors = new Counter({
      name: 'calsync_http_server_errors_total',
      help: 'Responses with status >= 500',
      labelNames: ['route'],
      registers: [registry],
    });
    const operations = new Histogram({
      name: 'calsync_graphql_request_duration_seconds',
      help: 'GraphQL request duration over HTTP by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    const operationLabel = createOperationLabeler();
    app.decorate('metricsRegistry', registry);
    new Gauge({
      name: 'calsync_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of QUEUE_NAMES) {
          const counts = await opts.core.queues[queue].getJobCounts(
            'waiting',
            'active',
            'delayed',
            'failed',
            'prioritized',
          );
          for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
        }
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      if (reply.statusCode >= 500) errors.inc({ route });
      if (route === '/graphql') {
        const source = request.method === 'GET' ? request.query : request.body;
        operations.observe({ operation: operationLabel(source) }, reply.elapsedTime / 1000);
      }
    });
    app.get(
      '/metrics',
      { preHandler: requireAdminKey(opts.adminApiKey, 'calsync metrics') },
      async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'calsync-metrics' },
);
