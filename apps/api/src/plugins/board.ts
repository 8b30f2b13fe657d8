import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const here = (file: string): string => new URL(`../board/${file}`, import.meta.url).pathname;

const ASSETS: Record<string, string> = {
  'board.js': 'text/javascript',
  'board.css': 'text/css',
};

/**
 * The room board at /board: a static page whose script (bundled from packages/board by
 * scripts/build-board.ts) reads the key from the URL fragment and talks to /graphql like any
 * client. Nothing here is authenticated: the page holds no data until the key is used.
 */
export const boardPlugin = fp(
  (app: FastifyInstance) => {
    const page = readFileSync(here('board.html'));
    const files = new Map(
      Object.entries(ASSETS).map(([name, type]) => [name, { body: readFileSync(here(name)), type }]),
    );
    app.get('/board', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
    app.get<{ Params: { name: string } }>('/board/:name', (request, reply) => {
      const file = files.get(request.params.name);
      if (!file) return reply.code(404).send({ error: 'Not Found', code: 'NOT_FOUND' });
      return reply.type(`${file.type}; charset=utf-8`).header('cache-control', 'no-cache').send(file.body);
    });
  },
  { name: 'calsync-board' },
);
