import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FIELD_BEHAVIOUR } from './behaviour/field-behaviour.ts';
import type { FieldBehaviour } from './behaviour/field-behaviour.ts';
import { createClock } from './clock.ts';
import { createControlHandler } from './control/control-router.ts';
import { createEmulatorControl } from './control/emulator-control.ts';
import type { EmulatorControl } from './control/emulator-control.ts';
import { createGraphHandler } from './graph/graph-router.ts';
import { createRequestListener } from './http/create-request-listener.ts';
import { createHttpsClient } from './http/https-json.ts';
import { handleIdentity } from './identity/identity-router.ts';
import { ensureSigningKey } from './identity/signing-key.ts';
import { loadSeededOrganisation } from './seeding.ts';
import type { LoadedOrganisation, ScaleOptions } from './seeding.ts';
import { clearState, createEmptyState } from './state.ts';
import type { EmulatorState } from './state.ts';
import { createThrottle } from './throttle/throttle.ts';
import type { ThrottlingOptions } from './throttle/throttle.ts';
import { startExpiryWarnings } from './subscriptions/expiry-warnings.ts';
import type { NotificationSettings } from './subscriptions/types.ts';
import { ensureTlsFiles } from './tls/ensure-tls-files.ts';

export interface StartEmulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number | undefined;
  /** Interface to bind; default 127.0.0.1. */
  host?: string | undefined;
  /** Where the CA, server certificate and token signing key live; reused on restart. */
  dataDir: string;
  /** Seed of the generated organisation; false or omitted = start empty. */
  seed?: string | false | undefined;
  /** Initial emulator time (the clock keeps flowing from there). Default: real time. */
  now?: Date | undefined;
  /** expires_in of access tokens; default 3599. */
  tokenLifetimeSeconds?: number | undefined;
  /** Microsoft's Outlook limits by default; false disables throttling. */
  throttling?: ThrottlingOptions | false | undefined;
  /** Bearer key of the control API; random when omitted. */
  controlKey?: string | undefined;
  /** With a seed: the synthetic N room mailboxes × M events organisation instead of contoso (benchmarks). */
  scale?: ScaleOptions | undefined;
  /** Documented vs field behaviours (README "Field behaviours"); omitted keys keep their defaults. */
  behaviour?: Partial<FieldBehaviour> | undefined;
  /** CAs (PEM) trusted when calling https notification endpoints, besides the public roots. */
  notificationCaPem?: readonly string[] | undefined;
  /** Subscription limits, timeouts, retry schedule and notification faults (README "Change notifications"). */
  notifications?: Partial<NotificationSettings> | undefined;
  /**
   * Requests the log keeps before it drops its older half; default 100,000. A bench that counts one
   * round's requests over a larger organisation needs more (bench/scale-organisation.ts).
   */
  requestLogCapacity?: number | undefined;
}

export interface RunningEmulator {
  /** https://127.0.0.1:PORT — both the authority host and the Graph base URL. */
  url: string;
  port: number;
  caCertPath: string;
  caCertPem: string;
  controlKey: string;
  control: EmulatorControl;
  /** In-process access for tests (directory, calendar store, faults, request log, clock). */
  state: EmulatorState;
  close(): Promise<void>;
}

export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const tls = await ensureTlsFiles(options.dataDir);
  const signingKey = await ensureSigningKey(options.dataDir);
  const clock = createClock(options.now);
  // The organisation is generated around a fixed instant so the same seed and `now` give identical data.
  const seedNow = options.now ?? clock.now();
  const seed = options.seed ?? false;
  const state = createEmptyState({
    clock,
    signingKey,
    throttle: createThrottle(options.throttling),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    seed,
    behaviour: { ...DEFAULT_FIELD_BEHAVIOUR, ...options.behaviour },
    notificationCaPem: options.notificationCaPem,
    notificationSettings: options.notifications,
    requestLogCapacity: options.requestLogCapacity,
  });
  let organisation: LoadedOrganisation | undefined;
  const loadSeed = (s: string | false): Promise<void> => {
    clearState(state, s);
    organisation = s === false ? undefined : loadSeededOrganisation(state, s, seedNow, options.scale);
    state.seedSummary = organisation?.summary;
    return Promise.resolve();
  };
  await loadSeed(seed);

  const controlKey = options.controlKey ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const graph = createGraphHandler(state);
  const control = createControlHandler(state, {
    controlKey,
    reset: loadSeed,
    mutateRandomly: (count) => {
      if (!organisation) return 0;
      for (let i = 0; i < count; i++) organisation.mutate();
      return count;
    },
  });
  const listener = createRequestListener(state, () => origin, [
    control,
    (ctx) => (ctx.path.toLowerCase().startsWith('/v1.0/') ? graph(ctx) : Promise.resolve(undefined)),
    (ctx) => handleIdentity(ctx, state),
  ]);
  const server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `https://${publicHost}:${port}`;
  const http = createHttpsClient(tls.caCertPem);
  const expiryWarnings = startExpiryWarnings({
    clock,
    subscriptions: () => state.subscriptions,
    deliveries: () => state.deliveries,
  });
  return {
    url: origin,
    port,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    controlKey,
    control: createEmulatorControl(origin, controlKey, http),
    state,
    close: () =>
      new Promise<void>((resolve) => {
        http.close();
        state.deliveries.stop();
        expiryWarnings.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
