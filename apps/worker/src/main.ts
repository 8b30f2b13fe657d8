// Worker process entry: parse config once, build core, run the queues, shut down gracefully.
import { ConfigError, createCore, listEnabledConnectors, scheduleConnector, type Core } from '@calsync/core';
import { loadWorkerConfig } from './config.ts';
import { startOperatorPort } from './http/operator-port.ts';
import { instrumentGraphFetch } from './observability/instrument-fetch.ts';
import { createSyncLagRecorder } from './observability/sync-lag.ts';
import { createSyncResultObserver } from './observability/sync-outcomes.ts';
import { createWorkerMetrics } from './observability/worker-metrics.ts';
import { buildProcessors } from './processors/index.ts';
import { startWorkers } from './run-workers.ts';

/** Schedulers live in Redis; re-assert them at start so a flushed or new Redis catches up. */
async function reconcileSchedules(core: Core): Promise<void> {
  try {
    const connectors = await listEnabledConnectors(core.db);
    for (const c of connectors) {
      await scheduleConnector(core, {
        tenantId: c.tenantId,
        connectorId: c.connectorId,
        intervalSeconds: c.syncIntervalSeconds,
        enabled: c.enabled,
      });
    }
    core.logger.info({ connectors: connectors.length }, 'worker started; connector schedules reconciled');
  } catch (err) {
    core.logger.error(
      { err: { message: (err as Error).message } },
      'could not reconcile connector schedules',
    );
  }
}

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const metrics = createWorkerMetrics();
  const core = createCore(config.core, { graphFetch: instrumentGraphFetch(fetch, metrics) });
  const workers = startWorkers({
    core,
    processors: buildProcessors(core, {
      connectorConcurrency: config.connectorConcurrency,
      pageSize: config.syncPageSize,
      onSyncResult: createSyncResultObserver(metrics, createSyncLagRecorder(core.redis, core.queuePrefix)),
    }),
    concurrency: {
      sync: config.syncConcurrency,
      connector: Math.max(2, Math.ceil(config.syncConcurrency / 4)),
    },
  });
  const operatorPort = await startOperatorPort({ config, core, workers, metrics });
  await reconcileSchedules(core);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    core.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
    await workers.close();
    await operatorPort?.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `calsync worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
