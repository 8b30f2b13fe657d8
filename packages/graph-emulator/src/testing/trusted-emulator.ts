import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule } from '@azure/msal-node';
import { Agent } from 'undici';
import { createHttpsClient } from '../http/https-json.ts';
import type { HttpsClient, HttpsResponse } from '../http/https-json.ts';
import { startEmulator } from '../start-emulator.ts';
import type { RunningEmulator, StartEmulatorOptions } from '../start-emulator.ts';
import { createMsalNetworkClient } from './msal-network-client.ts';

/**
 * An in-process emulator whose local CA this test process trusts. NODE_EXTRA_CA_CERTS is read only
 * at process start, so a test that starts the emulator itself hands its clients the CA explicitly:
 * `fetch` for Graph calls, `msalNetworkClient` for msal-node's `system.networkClient`, `http` for
 * plain requests. (A child process gets `emu.caCertPath` as NODE_EXTRA_CA_CERTS instead.)
 */
export interface TrustedEmulator {
  emu: RunningEmulator;
  http: HttpsClient;
  /** The global fetch, trusting the emulator CA; pass it where code takes a `fetch`. */
  fetch: typeof fetch;
  /** The undici dispatcher behind `fetch`, for clients that call the global fetch with `{ dispatcher }`. */
  dispatcher: Agent;
  /** msal-node network module that trusts the emulator CA (`system.networkClient`). */
  msalNetworkClient: INetworkModule;
  /** Form-posts client_credentials with a secret to /{tenant}/oauth2/v2.0/token. */
  requestToken(input: {
    tenant: string;
    clientId: string;
    secret?: string;
    scope?: string;
    extra?: Record<string, string>;
  }): Promise<HttpsResponse>;
  /** A valid Graph access token for the seeded app. */
  seededToken(): Promise<string>;
  /** GET on the emulator with a bearer token. */
  get(path: string, token?: string, headers?: Record<string, string>): Promise<HttpsResponse>;
  /** Closes the clients, the emulator and its temporary data dir. */
  stop(): Promise<void>;
}

/**
 * Starts an emulator on a random port with a temporary data dir (seeded with contoso unless
 * `seed` says otherwise) and the clients that trust it. The only way tests start one in-process.
 */
export async function startTrustedEmulator(
  options: Omit<StartEmulatorOptions, 'dataDir'> = {},
): Promise<TrustedEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'graph-emulator-test-'));
  const emu = await startEmulator({ seed: 'contoso', ...options, dataDir });
  const http = createHttpsClient(emu.caCertPem, { maxSockets: 256 });
  // Node's own fetch (undici 7, the major this package pins) with a dispatcher that trusts the CA:
  // the same fetch production uses, so resets and truncated bodies surface the same way.
  const dispatcher = new Agent({ connect: { ca: emu.caCertPem } });
  const trustingFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, dispatcher } as unknown as RequestInit);
  const requestToken: TrustedEmulator['requestToken'] = (input) =>
    http.send(`${emu.url}/${input.tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: input.clientId,
        scope: input.scope ?? 'https://graph.microsoft.com/.default',
        ...(input.secret === undefined ? {} : { client_secret: input.secret }),
        ...input.extra,
      }).toString(),
    });
  return {
    emu,
    http,
    fetch: trustingFetch,
    dispatcher,
    msalNetworkClient: createMsalNetworkClient(http),
    requestToken,
    async seededToken() {
      const s = emu.state.seedSummary;
      if (!s) throw new Error('emulator was started without a seed');
      const res = await requestToken({ tenant: s.tenantId, clientId: s.clientId, secret: s.clientSecret });
      const body = res.json as { access_token?: string };
      if (res.status !== 200 || !body.access_token) throw new Error(`token request failed: ${res.status}`);
      return body.access_token;
    },
    get(path, token, headers = {}) {
      return http.send(path.startsWith('https://') ? path : `${emu.url}${path}`, {
        headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
      });
    },
    async stop() {
      http.close();
      await dispatcher.close();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ProvisionedTenant {
  tenantId: string;
  domain: string;
  clientId: string;
  secret: string;
  token: string;
  mailboxes: { adele: string; megan: string; room: string };
}

/** Creates a tenant, an app with `roles` and a secret, two people, a room in a room list, and gets a token. */
export async function provisionTenant(
  t: TrustedEmulator,
  name: string,
  roles: string[],
): Promise<ProvisionedTenant> {
  const c = t.emu.control;
  const domain = `${name.toLowerCase()}.onmicrosoft.com`;
  const tenant = await c.createTenant({ displayName: name, domains: [domain] });
  const app = await c.createApp({ tenantId: tenant.id, displayName: `${name} calsync`, roles });
  const secret = await c.addSecret(app.clientId);
  const adele = await c.createMailbox({
    tenantId: tenant.id,
    address: `adele@${domain}`,
    displayName: 'Adele Vance',
  });
  const megan = await c.createMailbox({
    tenantId: tenant.id,
    address: `megan@${domain}`,
    displayName: 'Megan Bowen',
  });
  await c.createRoomList({ tenantId: tenant.id, address: `building1@${domain}`, displayName: 'Building 1' });
  const room = await c.createMailbox({
    tenantId: tenant.id,
    address: `adams@${domain}`,
    displayName: 'Conf Room Adams',
    kind: 'room',
    room: { capacity: 12, building: '1', floorNumber: 2, roomListAddress: `building1@${domain}` },
  });
  const res = await t.requestToken({ tenant: tenant.id, clientId: app.clientId, secret: secret.value });
  const token = (res.json as { access_token: string }).access_token;
  return {
    tenantId: tenant.id,
    domain,
    clientId: app.clientId,
    secret: secret.value,
    token,
    mailboxes: { adele: adele.id, megan: megan.id, room: room.id },
  };
}
