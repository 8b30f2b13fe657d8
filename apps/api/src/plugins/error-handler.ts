import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { describeInfrastructureFailure, isInfrastructureFailure } from '@calsync/core';

/**
 * One error handler for REST routes: 4xx keep their message, 5xx never leak theirs, and a
 * Postgres/Redis outage is a 503 UNAVAILABLE (retry later), logged without driver text.
 */
export const errorHandlerPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (isInfrastructureFailure(error)) {
        request.log.warn(
          { failure: describeInfrastructureFailure(error) },
          'request failed: Postgres or Redis unavailable',
        );
        return reply.code(503).send({ error: 'Service Unavailable', code: 'UNAVAILABLE' });
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(status).send({ error: 'Internal Server Error', code: 'INTERNAL' });
      }
      return reply.code(status).send({ error: error.message, code: error.code });
    });
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: 'Not Found', code: 'NOT_FOUND' }),
    );
  },
  { name: 'calsync-error-handler' },
);
