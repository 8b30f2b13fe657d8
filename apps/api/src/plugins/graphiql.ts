import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const require = createRequire(import.meta.url);
const here = (file: string): string => new URL(`../graphiql/${file}`, import.meta.url).pathname;
// Package "exports" hide the UMD builds from require.resolve; locate them from package.json.
const inPackage = (pkg: string, file: string): string =>
  join(dirname(require.resolve(`${pkg}/package.json`)), file);

/**
 * GraphiQL served from local packages: mercurius' built-in page loads React and GraphiQL
 * from a public CDN and stays blank offline. Assets are read once at start.
 */
const ASSETS: Record<string, { path: string; type: string }> = {
  'graphiql.min.css': { path: inPackage('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'graphiql.min.js': { path: inPackage('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'react.production.min.js': {
    path: inPackage('react', 'umd/react.production.min.js'),
    type: 'text/javascript',
  },
  'react-dom.production.min.js': {
    path: inPackage('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'boot.js': { path: here('boot.js'), type: 'text/javascript' },
};

export const graphiqlPlugin = fp(
  (app: FastifyInstance) => {
    const page = readFileSync(here('graphiql.html'));
    const files = new Map(
      Object.entries(ASSETS).map(([name, a]) => [name, { body: readFileSync(a.path), type: a.type }]),
    );
    app.get('/graphiql', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
    app.get<{ Params: { name: string } }>('/graphiql/assets/:name', (request, reply) => {
      const file = files.get(request.params.name);
      if (!file) return reply.code(404).send({ error: 'Not Found', code: 'NOT_FOUND' });
      return reply
        .type(`${file.type}; charset=utf-8`)
        .header('cache-control', 'public, max-age=3600')
        .send(file.body);
    });
  },
  { name: 'calsync-graphiql' },
);
