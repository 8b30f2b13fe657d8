// Worker process entry: parse config once, build core, run the queues, shut down gracefully.
import { createCore, listEnabledConnectors, scheduleConnector } from '@calsync/core';
import { loadWorkerConfig } from './config.ts';
import { buildProcessors } from './processors/index.ts';
import { startWorkers } from './run-workers.ts';

const config = loadWorkerConfig(process.env);
// Test-only knob: many small pages make crash tests meaningful. Unset in production.
const pageSize = process.env.CALSYNC_SYNC_PAGE_SIZE ? Number(process.env.CALSYNC_SYNC_PAGE_SIZE) : undefined;
const core = createCore(config.core);

const workers = startWorkers({
  core,
  processors: buildProcessors(core, { connectorConcurrency: config.connectorConcurrency, pageSize }),
  concurrency: {
    sync: config.syncConcurrency,
    connector: Math.max(2, Math.ceil(config.syncConcurrency / 4)),
  },
});

// Schedulers live in Redis; re-assert them at start so a flushed or new Redis catches up.
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
  core.logger.error({ err: { message: (err as Error).message } }, 'could not reconcile connector schedules');
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  core.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
  await workers.close();
  await core.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
