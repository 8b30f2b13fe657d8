// The product as a customer runs it: the API (in-process, over a fresh database), the real worker
// process and the Microsoft 365 emulator over HTTPS, sharing the test run's Redis; on request also the
// on-premises Exchange (EWS) emulator, which the worker reaches with the connector's own CA bundle.
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startTestEwsEmulator, type TestEwsEmulator } from '@calsync/ews-emulator/testing';
import { startWorkerProcess, type WorkerProcess } from '../e2e/sync/support/worker-process.ts';
import { startPublicEndpoint, type PublicEndpoint } from './public-endpoint.ts';
import { startTestApi, type TestApi } from './test-api.ts';

/** A port free right now (the API binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface FullStack {
  emulator: TrustedEmulator;
  /** The first API instance (the one tests query). */
  api: TestApi;
  /** Every API instance: with `apiInstances: 2` a second one over the same database, queues and keys. */
  apis: TestApi[];
  /** With notifications: CALSYNC_PUBLIC_URL, handing requests to the API instances in turn. */
  publicEndpoint: PublicEndpoint | null;
  worker: WorkerProcess;
  /** Set when started with `{ ews: true }`: seeded around the real clock, as the worker syncs now. */
  ews: TestEwsEmulator | null;
  /** Starts another worker process like the first (after a kill). */
  restartWorker(): WorkerProcess;
  /** Starts one more worker process beside the running one (stopped with the stack). */
  addWorker(): WorkerProcess;
  stop(): Promise<void>;
}

/** Worker settings of `webhooks`: local receivers allowed, quick retries, sweeps and stall recovery. */
const WEBHOOK_TEST_ENV = {
  CALSYNC_WEBHOOK_ALLOW_PRIVATE: 'true',
  CALSYNC_WEBHOOK_RETRY_BASE_MS: '200',
  CALSYNC_WEBHOOK_SWEEP_MS: '1000',
  CALSYNC_WEBHOOK_BATCH_SIZE: '25',
  CALSYNC_JOB_LOCK_MS: '2000',
  CALSYNC_STALLED_CHECK_MS: '1000',
};

/**
 * `notifications`: the API instances listen on 127.0.0.1 behind one public endpoint, CALSYNC_PUBLIC_URL for
 * API and worker, so the emulator validates the webhook and posts Graph change notifications to it.
 * `apiInstances`: how many API instances share the database and queues (default 1). `ews`: an EWS
 * emulator runs beside them. `workerEnv`: worker settings a test needs on top.
 */
export async function startFullStack(
  options: {
    notifications?: boolean;
    apiInstances?: number;
    ews?: boolean;
    webhooks?: boolean;
    /** Worker settings on top of the defaults (and of `webhooks`' settings). */
    workerEnv?: Record<string, string>;
  } = {},
): Promise<FullStack> {
  const key = randomBytes(32);
  const emulator = await startTrustedEmulator();
  const ews = options.ews ? await startTestEwsEmulator({ now: new Date() }) : null;
  // The emulated organisation's mail domain: contoso.com itself has no Autodiscover (port 1 refuses),
  // autodiscover.contoso.com is the EWS emulator — the documented second candidate.
  const autodiscoverOrigins = ews
    ? { 'contoso.com': 'https://127.0.0.1:1', 'autodiscover.contoso.com': ews.emulator.url }
    : undefined;
  const autodiscoverEnv = autodiscoverOrigins
    ? {
        CALSYNC_EWS_AUTODISCOVER_ORIGINS: Object.entries(autodiscoverOrigins)
          .map(([host, origin]) => `${host}=${origin}`)
          .join(','),
      }
    : {};
  const ports = options.notifications
    ? await Promise.all(Array.from({ length: options.apiInstances ?? 1 }, () => freePort()))
    : [];
  const publicEndpoint = options.notifications
    ? await startPublicEndpoint(ports.map((port) => new URL(`http://127.0.0.1:${port}`)))
    : null;
  const publicUrl = publicEndpoint?.url;
  const startApi = (shared?: TestApi): Promise<TestApi> =>
    startTestApi({
      core: {
        encryptionKeys: [{ id: 'e2e', key }],
        microsoft: { authorityHost: emulator.emu.url, graphBaseUrl: emulator.emu.url },
        ...(autodiscoverOrigins ? { ews: { autodiscoverOrigins } } : {}),
        ...(publicUrl ? { notifications: { publicUrl, safetyPollIntervalMs: 6 * 3_600_000 } } : {}),
        ...(options.webhooks ? { webhooks: { allowPrivate: true } } : {}),
        ...(shared ? { queuePrefix: shared.core.queuePrefix } : {}),
      },
      coreOptions: { msalNetworkClient: emulator.msalNetworkClient, graphFetch: emulator.fetch },
      ...(shared ? { database: shared.database } : {}),
    });
  const api = await startApi();
  const apis = [api];
  while (apis.length < Math.max(1, options.apiInstances ?? 1)) apis.push(await startApi(api));
  for (const [i, port] of ports.entries()) await apis[i]!.app.listen({ port, host: '127.0.0.1' });
  const startWorker = (): WorkerProcess =>
    startWorkerProcess({
      databaseUrl: api.database.appUrl,
      redisUrl: api.config.core.redisUrl,
      encryptionKeys: `e2e:${key.toString('base64')}`,
      emulatorUrl: emulator.emu.url,
      caCertPem: emulator.emu.caCertPem,
      queuePrefix: api.core.queuePrefix,
      ...(publicUrl ? { publicUrl } : {}),
      extraEnv: { ...(options.webhooks ? WEBHOOK_TEST_ENV : {}), ...autodiscoverEnv, ...options.workerEnv },
    });
  let worker = startWorker();
  const extraWorkers: WorkerProcess[] = [];
  return {
    emulator,
    api,
    apis,
    publicEndpoint,
    get worker() {
      return worker;
    },
    ews,
    restartWorker() {
      worker = startWorker();
      return worker;
    },
    addWorker() {
      const extra = startWorker();
      extraWorkers.push(extra);
      return extra;
    },
    async stop() {
      await worker.kill('SIGTERM');
      for (const extra of extraWorkers) await extra.kill('SIGTERM');
      await publicEndpoint?.close();
      for (const instance of apis.slice(1)) await instance.close();
      await api.close();
      await emulator.stop();
      await ews?.close();
    },
  };
}
