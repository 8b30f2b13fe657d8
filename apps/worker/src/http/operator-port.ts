import type { Core } from '@calsync/core';
import type { WorkerConfig } from '../config.ts';
import { registerQueueMetrics } from '../observability/queue-metrics.ts';
import { registerSyncLagMetrics } from '../observability/sync-lag.ts';
import type { WorkerMetrics } from '../observability/worker-metrics.ts';
import type { RunningWorkers } from '../run-workers.ts';
import { startWorkerServer, type WorkerServer } from './worker-server.ts';

/** Starts the worker's operator port when WORKER_PORT is set; returns undefined otherwise. */
export async function startOperatorPort(options: {
  config: WorkerConfig;
  core: Core;
  workers: RunningWorkers;
  metrics: WorkerMetrics;
}): Promise<WorkerServer | undefined> {
  const { config, core, workers, metrics } = options;
  if (!config.http) return undefined;
  registerQueueMetrics(metrics.registry, core);
  registerSyncLagMetrics({
    registry: metrics.registry,
    redis: core.redis,
    prefix: core.queuePrefix,
    worst: config.worstLagMailboxes,
  });
  const server = await startWorkerServer({
    ...config.http,
    registry: metrics.registry,
    adminApiKey: config.adminApiKey,
    readiness: async () => ({
      ...(await core.checkReady()),
      workers: Object.values(workers.workers).every((worker) => worker.isRunning()),
    }),
  });
  core.logger.info({ host: config.http.host, port: server.port }, 'worker operator port listening');
  return server;
}
