// Worker process entry: parse config once, build core, run the queues, shut down gracefully.
import { ConfigError, createCore } from '@calsync/core';
import { loadWorkerConfig } from './config.ts';
import { buildProcessors } from './processors/index.ts';
import { startWorkers } from './run-workers.ts';
import { startScheduleReconciler } from './schedule-reconciler.ts';

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const core = createCore(config.core);
  const workers = startWorkers({
    core,
    processors: buildProcessors(core, {
      connectorConcurrency: config.connectorConcurrency,
      pageSize: config.syncPageSize,
      connectorLeaseMs: config.connectorLeaseMs,
    }),
    concurrency: {
      sync: config.syncConcurrency,
      connector: Math.max(2, Math.ceil(config.syncConcurrency / 4)),
    },
    stall: {
      lockDurationMs: config.jobLockMs,
      stalledIntervalMs: config.stalledCheckMs,
      maxStalledCount: config.maxStalledCount,
    },
  });
  const schedules = startScheduleReconciler(core, config.scheduleReconcileMs);
  await schedules.ready;
  core.logger.info('worker started');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    core.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
    schedules.stop();
    // Closing core waits on Postgres and Redis too; an outage must not keep the process alive.
    setTimeout(() => process.exit(1), config.closeTimeoutMs + 5_000).unref();
    const { abandoned } = await workers.close(config.closeTimeoutMs);
    await core.close();
    process.exit(abandoned > 0 ? 1 : 0);
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
