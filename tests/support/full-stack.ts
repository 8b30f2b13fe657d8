// The product as a customer runs it: the API (in-process, over a fresh database), the real worker
// process and the Microsoft 365 emulator over HTTPS, sharing the test run's Redis.
import { randomBytes } from 'node:crypto';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startWorkerProcess, type WorkerProcess } from '../e2e/sync/support/worker-process.ts';
import { startTestApi, type TestApi } from './test-api.ts';

export interface FullStack {
  emulator: TrustedEmulator;
  api: TestApi;
  worker: WorkerProcess;
  stop(): Promise<void>;
}

export async function startFullStack(): Promise<FullStack> {
  const key = randomBytes(32);
  const emulator = await startTrustedEmulator();
  const api = await startTestApi({
    core: {
      encryptionKeys: [{ id: 'e2e', key }],
      microsoft: { authorityHost: emulator.emu.url, graphBaseUrl: emulator.emu.url },
    },
    coreOptions: { msalNetworkClient: emulator.msalNetworkClient, graphFetch: emulator.fetch },
  });
  const worker = startWorkerProcess({
    databaseUrl: api.database.appUrl,
    redisUrl: api.config.core.redisUrl,
    encryptionKeys: `e2e:${key.toString('base64')}`,
    emulatorUrl: emulator.emu.url,
    caCertPem: emulator.emu.caCertPem,
    queuePrefix: api.core.queuePrefix,
  });
  return {
    emulator,
    api,
    worker,
    async stop() {
      await worker.kill('SIGTERM');
      await api.close();
      await emulator.stop();
    },
  };
}
