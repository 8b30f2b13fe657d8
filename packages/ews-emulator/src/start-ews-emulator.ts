import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHttpsClient } from '@calsync/graph-emulator';
import { createClock } from '@calsync/graph-emulator/clock';
import { ensureTlsFiles } from '@calsync/graph-emulator/tls';
import { CONTROL_PREFIX, createControlHandler } from './control/control-handler.ts';
import { createEwsControl, type EwsControl } from './control/ews-control.ts';
import { EWS_PATH, handleEwsRequest } from './http/ews-endpoint.ts';
import { handleAutodiscoverRequest } from './autodiscover/autodiscover-endpoint.ts';
import { AUTODISCOVER_PATH } from './autodiscover/pox-autodiscover.ts';
import { readBody } from '@calsync/graph-emulator/read-body';
import {
  loadEwsOrganisation,
  type EwsScaleOptions,
  type LoadedEwsOrganisation,
  type MonitorAccount,
} from './seeding.ts';
import {
  clearState,
  createEmptyState,
  DEFAULT_SERVER_OPTIONS,
  type EwsEmulatorState,
  type EwsServerOptions,
} from './state.ts';

export interface StartEwsEmulatorOptions {
  /** CA and server certificate live here (shared format with the Graph emulator: one CA can serve both). */
  dataDir: string;
  port?: number | undefined;
  host?: string | undefined;
  /** Seed of the generated organisation (the Graph emulator's generator); false or omitted = empty. */
  seed?: string | false | undefined;
  /** Benchmark organisation of N room mailboxes × M events (deterministic from the seed) instead of "contoso". */
  scale?: EwsScaleOptions | undefined;
  /** Initial emulator time; the clock keeps flowing from there. */
  now?: Date | undefined;
  controlKey?: string | undefined;
  server?: Partial<EwsServerOptions> | undefined;
}

export interface RunningEwsEmulator {
  /** https://127.0.0.1:PORT */
  url: string;
  /** https://127.0.0.1:PORT/EWS/Exchange.asmx — what an admin types as the EWS URL. */
  ewsUrl: string;
  caCertPath: string;
  caCertPem: string;
  controlKey: string;
  control: EwsControl;
  state: EwsEmulatorState;
  /** The seeded monitor account (undefined when started empty). */
  monitor: MonitorAccount | undefined;
  /** A seeded mailbox without any grant for the monitor. */
  ungrantedMailbox: string | undefined;
  close(): Promise<void>;
}

/** Starts the HTTPS Exchange Web Services emulator. Same seed and `now` → same organisation. */
export async function startEwsEmulator(options: StartEwsEmulatorOptions): Promise<RunningEwsEmulator> {
  const tls = await ensureTlsFiles(options.dataDir);
  const clock = createClock(options.now);
  const seedNow = options.now ?? clock.now();
  const state = createEmptyState(clock, { ...DEFAULT_SERVER_OPTIONS, ...options.server });
  let organisation: LoadedEwsOrganisation | undefined;
  let currentSeed = options.seed ?? false;
  const load = (seed: string | false): void => {
    currentSeed = seed;
    clearState(state, 'contoso.com');
    organisation = seed === false ? undefined : loadEwsOrganisation(state, seed, seedNow, options.scale);
  };
  load(currentSeed);

  const controlKey = options.controlKey ?? randomBytes(24).toString('base64url');
  const control = createControlHandler({
    state,
    controlKey,
    reset: (seed) => load(seed === undefined ? currentSeed : seed),
    mutateRandomly: (count) =>
      Array.from({ length: count }, () => organisation?.mutate() ?? 'nothing to change'),
  });

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://emulator');
      const body = await readBody(req);
      if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
        control(req, res, url, body);
      } else if (url.pathname.toLowerCase() === EWS_PATH) {
        await handleEwsRequest(req, res, body, state);
      } else if (url.pathname.toLowerCase() === AUTODISCOVER_PATH) {
        handleAutodiscoverRequest(req, res, body, state);
      } else {
        res.writeHead(404, { 'content-length': '0' });
        res.end();
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('EWS emulator internal error');
      // Emulator bugs go to the operator; request bodies may hold passwords, so they are never echoed.
      console.error('ews-emulator: handler failed', err instanceof Error ? err.stack : err);
    });
  };
  const server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 }, listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `https://${publicHost}:${port}`;
  const http = createHttpsClient(tls.caCertPem);
  return {
    url,
    ewsUrl: `${url}/EWS/Exchange.asmx`,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    controlKey,
    control: createEwsControl(url, controlKey, http),
    state,
    get monitor() {
      return organisation?.monitor;
    },
    get ungrantedMailbox() {
      return organisation?.ungrantedMailbox;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
