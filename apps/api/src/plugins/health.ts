import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Core } from '@calsync/core';

/** `/healthz`: the process is up. `/readyz`: Postgres and Redis answer (503 otherwise). */
export const healthPlugin = fp(
  (app: FastifyInstance, opts: { core: Core }) => {
    app.get('/healthz', () => ({ status: 'ok' }));
    app.get('/readyz', async (_request, reply) => {
      const checks = await opts.core.checkReady();
      const ready = checks.postgres && checks.redis;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    });
  },
  { name: 'calsync-health' },
);
