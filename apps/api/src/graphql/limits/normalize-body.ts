import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * GraphQL over HTTP allows `"extensions": null` (and null operationName/variables) in a
 * JSON body; mercurius' body schema only accepts objects, so drop the nulls before it
 * validates the body.
 */
export const normalizeGraphqlBodyPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('preValidation', (request, _reply, done) => {
      const body = request.body;
      if (
        request.routeOptions.url === '/graphql' &&
        body &&
        typeof body === 'object' &&
        !Array.isArray(body)
      ) {
        const record = body as Record<string, unknown>;
        for (const key of ['extensions', 'variables', 'operationName']) {
          if (record[key] === null) delete record[key];
        }
      }
      done();
    });
  },
  { name: 'calsync-graphql-body' },
);
