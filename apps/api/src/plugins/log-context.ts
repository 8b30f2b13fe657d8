import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { withLogContext } from '@calsync/core';

/**
 * Each request runs in its own log context, so every line logged while serving it (by the API or
 * by core code it calls) carries the fields learnt on the way: the tenant once authenticated
 * (plugins/authenticate.ts), the trace id when tracing is on (plugins/tracing.ts).
 */
export const logContextPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('onRequest', (_request, _reply, done) => withLogContext({}, done));
  },
  { name: 'calsync-log-context' },
);
