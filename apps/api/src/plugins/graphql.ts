import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import mercurius from 'mercurius';
import type { ApiKeyAuthenticator, Core } from '@calsync/core';
import '../graphql/context.ts';
import { createErrorFormatter } from '../graphql/error-formatter.ts';
import { buildLoaders } from '../graphql/loaders/index.ts';
import { loadSchema } from '../graphql/load-schema.ts';
import { buildResolvers } from '../graphql/resolvers/index.ts';

export interface GraphqlPluginOptions {
  core: Core;
  authenticator: ApiKeyAuthenticator;
  introspection: boolean;
}

/** POST /graphql (and GraphiQL at /graphiql) over the contract's SDL files. */
export const graphqlPlugin = fp(
  async (app: FastifyInstance, opts: GraphqlPluginOptions) => {
    await app.register(mercurius, {
      schema: loadSchema(),
      resolvers: buildResolvers(),
      loaders: buildLoaders(),
      // Served offline by plugins/graphiql.ts instead of mercurius' CDN-based page.
      graphiql: false,
      path: '/graphql',
      jit: 1,
      queryDepth: 12,
      allowBatchedQueries: false,
      errorFormatter: createErrorFormatter(app.log),
      context: (request) => {
        if (!request.principal) throw new Error('graphql request reached mercurius unauthenticated');
        return { core: opts.core, principal: request.principal, authenticator: opts.authenticator };
      },
    });
  },
  { name: 'calsync-graphql', dependencies: ['calsync-authenticate'] },
);
