import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpsClient } from '../http/https-json.ts';
import type { HttpsClient, HttpsResponse } from '../http/https-json.ts';
import { startEmulator } from '../start-emulator.ts';
import type { RunningEmulator, StartEmulatorOptions } from '../start-emulator.ts';

export interface TestEmulator {
  emu: RunningEmulator;
  http: HttpsClient;
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
  stop(): Promise<void>;
}

/** Starts an in-process emulator on a random port with a temporary data dir (tests only). */
export async function startTestEmulator(
  options: Omit<StartEmulatorOptions, 'dataDir'> = {},
): Promise<TestEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'graph-emulator-test-'));
  const emu = await startEmulator({ seed: 'contoso', ...options, dataDir });
  const http = createHttpsClient(emu.caCertPem);
  const requestToken: TestEmulator['requestToken'] = (input) =>
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
  t: TestEmulator,
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
