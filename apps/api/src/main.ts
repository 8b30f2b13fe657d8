import { assertAppRole, ConfigError, createCore, startTracing } from '@calsync/core';
import { buildApp } from './app.ts';
import { loadApiConfig } from './config.ts';

/** How long a stopping API waits for in-flight requests (orchestrators kill after 30 s by default). */
const SHUTDOWN_DEADLINE_MS = 20_000;

/** How long each closing step after the drain may take before the process exits anyway. */
const CLOSE_STEP_MS = 5_000;

async function closeWithin(
  what: string,
  close: () => Promise<unknown>,
  ms: number,
  log: { warn(obj: object, msg: string): void },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([
    close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed')
    log.warn({ step: what, outcome }, `closing ${what} did not finish cleanly; exiting anyway`);
}

async function main(): Promise<void> {
  const config = loadApiConfig(process.env);
  // Before createCore: the database pool adds SQL spans only when tracing is already on.
  const tracing = await startTracing('calsync-api', process.env);
  const core = createCore(config.core);
  await assertAppRole(core.db).catch(async (error: unknown) => {
    await core.close();
    throw error;
  });
  const app = await buildApp({ config, core });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    // A hung request or an unreachable Postgres/Redis must not keep the process alive forever.
    setTimeout(() => {
      app.log.warn({ signal }, 'shutdown deadline reached; exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await app.close(); // stops accepting, waits for in-flight requests
    app.log.info('requests drained; closing connections');
    // Every request is answered: closing pools and flushing spans is best effort, each bounded.
    await closeWithin('database and Redis', () => core.close(), CLOSE_STEP_MS, app.log);
    if (tracing) await closeWithin('trace export', () => tracing.shutdown(), CLOSE_STEP_MS, app.log);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `calsync api failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
