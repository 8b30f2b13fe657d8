import { assertAppRole, ConfigError, createCore, startTracing } from '@calsync/core';
import { buildApp } from './app.ts';
import { loadApiConfig } from './config.ts';
import { closeConnectionsWhileStopping, shutDown } from './shutdown.ts';

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

  const connections = closeConnectionsWhileStopping(app);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    connections.markStopping();
    const code = await shutDown(
      app,
      [
        { what: 'database and Redis', close: () => core.close() },
        ...(tracing ? [{ what: 'trace export', close: () => tracing.shutdown() }] : []),
      ],
      signal,
    );
    process.exit(code);
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
