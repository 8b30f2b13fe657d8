// Worker process entry: parse config once, build core, run the queues, shut down gracefully.
import {
  armShutdownDeadline,
  assertAppRole,
  closeSteps,
  closeWithin,
  ConfigError,
  createCore,
  createRedisConnection,
  requestGraphFetch,
  scheduleWebhookSweep,
  startTracing,
  startWebhookTrigger,
  tracingEnabled,
} from '@calsync/core';
import { loadWorkerConfig } from './config.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { startOperatorPort } from './http/operator-port.ts';
import { instrumentGraphFetch } from './observability/instrument-fetch.ts';
import { traceGraphFetch } from './observability/trace-fetch.ts';
import { createSyncLagRecorder } from './observability/sync-lag.ts';
import { createSyncResultObserver } from './observability/sync-outcomes.ts';
import { createWorkerMetrics } from './observability/worker-metrics.ts';
import { buildProcessors } from './processors/index.ts';
import { startWorkers } from './run-workers.ts';
import { startScheduleReconciler } from './schedule-reconciler.ts';

/** Each closing step after the jobs (webhook trigger, operator port, pools, span export) gets this long. */
const CLOSE_STEP_MS = 4_000;

async function main(): Promise<void> {
  // First: from start-up on, the old generation may grow to 2× its live size, not V8's 4× (heap-growth.ts).
  limitHeapGrowth();
  const config = loadWorkerConfig(process.env);
  // Before createCore: the database pool adds SQL spans only when tracing is already on.
  const tracing = await startTracing('calsync-worker', process.env);
  const metrics = createWorkerMetrics();
  const graphFetch = instrumentGraphFetch(
    tracingEnabled() ? traceGraphFetch(requestGraphFetch) : requestGraphFetch,
    metrics,
  );
  const core = createCore(config.core, { graphFetch });
  await assertAppRole(core.db).catch(async (error: unknown) => {
    await core.close();
    throw error;
  });
  const workers = startWorkers({
    core,
    processors: buildProcessors(core, {
      connectorConcurrency: config.connectorConcurrency,
      pageSize: config.syncPageSize,
      connectorLeaseMs: config.connectorLeaseMs,
      changeTrim: config.changeTrim,
      webhooks: config.webhooks.delivery,
      webhookTenantConcurrency: config.webhooks.tenantConcurrency,
      onSyncResult: createSyncResultObserver(metrics, createSyncLagRecorder(core.redis, core.queuePrefix)),
    }),
    concurrency: {
      sync: config.syncConcurrency,
      connector: Math.max(2, Math.ceil(config.syncConcurrency / 4)),
      // Directory reads are rare (daily per connector) and each pages through /places itself.
      directory: 2,
      // Each delivery holds its slot for at most the webhook timeout, whatever the receiver does.
      webhooks: config.webhooks.concurrency,
    },
    stall: {
      lockDurationMs: config.jobLockMs,
      stalledIntervalMs: config.stalledCheckMs,
      maxStalledCount: config.maxStalledCount,
    },
  });
  const operatorPort = await startOperatorPort({ config, core, workers, metrics });
  const schedules = startScheduleReconciler(core, config.scheduleReconcileMs, config.changeTrim.everyMs);
  await schedules.ready;
  await scheduleWebhookSweep(core.queues, config.webhooks.sweepEveryMs);
  // Its errors go through the outage reporter like every other Redis connection: one line per
  // outage, never ioredis' raw "Unhandled error event" on stderr.
  const webhookSubscriber = createRedisConnection(config.core.redisUrl, 'client');
  core.redisOutages.watch('webhook-trigger', webhookSubscriber, webhookSubscriber);
  const webhookTrigger = await startWebhookTrigger({
    db: core.db,
    queues: core.queues,
    logger: core.logger,
    subscriber: webhookSubscriber,
    keyPrefix: core.queuePrefix,
  });
  core.logger.info('worker started');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    core.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
    // Closing core waits on Postgres and Redis too; an outage must not keep the process alive.
    armShutdownDeadline(config.closeTimeoutMs + 5_000, signal, core.logger);
    schedules.stop();
    await closeWithin(
      { what: 'the webhook trigger', close: () => webhookTrigger.close() },
      CLOSE_STEP_MS,
      core.logger,
    );
    // Bounded by itself: past closeTimeoutMs it abandons its jobs to the stalled check.
    const { abandoned } = await workers.close(config.closeTimeoutMs);
    await closeSteps(
      [
        ...(operatorPort ? [{ what: 'the operator port', close: () => operatorPort.close() }] : []),
        { what: 'database and Redis', close: () => core.close() },
        ...(tracing ? [{ what: 'trace export', close: () => tracing.shutdown() }] : []),
      ],
      CLOSE_STEP_MS,
      core.logger,
    );
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
