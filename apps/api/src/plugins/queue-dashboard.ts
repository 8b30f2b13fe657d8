import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { QUEUE_NAMES, type Core } from '@calsync/core';
import { requireAdminKey } from './operator-auth.ts';

const BASE_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (bull-board) for operators, at /admin/queues behind the platform admin
 * key (Basic auth prompt in a browser). Job payloads hold ids only, never secrets.
 * Registered unwrapped so its auth hook stays inside this plugin's encapsulation context.
 */
export async function queueDashboardPlugin(
  app: FastifyInstance,
  opts: { core: Core; adminApiKey: string },
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(opts.core.queues[name])),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'calsync queues' } },
  });
  serverAdapter.setBasePath(BASE_PATH);
  app.addHook('onRequest', requireAdminKey(opts.adminApiKey, 'calsync queues'));
  await app.register(serverAdapter.registerPlugin(), { prefix: BASE_PATH });
}
