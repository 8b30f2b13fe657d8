import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHttpsClient, startEmulator, type RunningEmulator } from '@calsync/graph-emulator';
import { createMsalNetworkClient, createTrustingDispatcher } from '@calsync/graph-emulator/testing';
import { buildApp, type ApiConfig } from '../../../apps/api/src/index.ts';
import { createCore, createLogger, type Core } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { TEST_ADMIN_KEY, testCoreConfig } from '../../support/test-api.ts';

export interface ConnectorEnv {
  emu: RunningEmulator;
  core: Core;
  app: FastifyInstance;
  database: TestDatabase;
  /** What the API was built with, to build another app over the same core (a counting database). */
  config: ApiConfig;
  /** Every log line the API and core wrote (JSON strings). */
  logs: string[];
  graphql(
    key: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: any; errors?: any[]; raw: string }>;
  close(): Promise<void>;
}

/**
 * API + core over a fresh database, pointed at an in-process emulator through the operator
 * overrides (as production would be at Microsoft). The emulator's CA is trusted explicitly:
 * NODE_EXTRA_CA_CERTS is read only at process start.
 */
export async function startConnectorEnv(): Promise<ConnectorEnv> {
  const dataDir = await mkdtemp(join(tmpdir(), 'calsync-connectors-'));
  const emu = await startEmulator({ dataDir, seed: false, throttling: false });
  const http = createHttpsClient(emu.caCertPem);
  const dispatcher = createTrustingDispatcher(emu.caCertPem);
  const msalNetworkClient = createMsalNetworkClient(http);
  const graphFetch = ((input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, dispatcher } as unknown as RequestInit)) as typeof fetch;

  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(line) },
  });
  const database = await createTestDatabase();
  const coreConfig = testCoreConfig(database, {
    logLevel: 'debug',
    microsoft: { authorityHost: emu.url, graphBaseUrl: emu.url },
  });
  const core = createCore(coreConfig, { logger, msalNetworkClient, graphFetch });
  const config: ApiConfig = {
    core: coreConfig,
    host: '127.0.0.1',
    port: 0,
    adminApiKey: TEST_ADMIN_KEY,
    introspection: true,
    rateLimitPerMinute: 100_000,
  };
  const app = await buildApp({ config, core });
  return {
    emu,
    core,
    app,
    database,
    config,
    logs,
    async graphql(key, query, variables) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        payload: JSON.stringify({ query, variables }),
      });
      const body = response.json();
      return { data: body.data, errors: body.errors, raw: response.body };
    },
    async close() {
      await app.close();
      await core.close();
      await database.drop();
      http.close();
      await dispatcher.close();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a tenant through the public API; returns its ADMIN key. */
export async function createTenantKey(env: ConnectorEnv, slug: string): Promise<string> {
  const res = await env.graphql(
    TEST_ADMIN_KEY,
    `mutation($input: CreateTenantInput!) { createTenant(input: $input) { apiKeySecret } }`,
    { input: { name: `Tenant ${slug}`, slug } },
  );
  if (!res.data) throw new Error(`createTenant failed: ${res.raw}`);
  return res.data.createTenant.apiKeySecret;
}

export interface Directory {
  tenantId: string;
  domain: string;
  clientId: string;
  secret: string;
  secretId: string;
}

/** A Microsoft directory in the emulator with one app, one secret and the given mailboxes. */
export async function createDirectory(
  env: ConnectorEnv,
  name: string,
  options: {
    roles?: string[];
    mailboxes?: {
      local: string;
      displayName: string;
      kind?: 'user' | 'room' | 'equipment';
      restEnabled?: boolean;
    }[];
    secretExpiresAt?: string;
  } = {},
): Promise<Directory> {
  const domain = `${name}.onmicrosoft.com`;
  const tenant = await env.emu.control.createTenant({ displayName: name, domains: [domain] });
  const app = await env.emu.control.createApp({
    tenantId: tenant.id,
    displayName: 'calsync',
    roles: options.roles ?? ['Calendars.Read', 'Place.Read.All', 'User.Read.All'],
  });
  const secret = await env.emu.control.addSecret(app.clientId, {
    displayName: 'calsync',
    ...(options.secretExpiresAt ? { expiresAt: options.secretExpiresAt } : {}),
  });
  for (const m of options.mailboxes ?? []) {
    await env.emu.control.createMailbox({
      tenantId: tenant.id,
      address: `${m.local}@${domain}`,
      displayName: m.displayName,
      kind: m.kind ?? 'user',
      restEnabled: m.restEnabled ?? true,
    });
  }
  return { tenantId: tenant.id, domain, clientId: app.clientId, secret: secret.value, secretId: secret.id };
}

export const CONNECTOR_FIELDS = `id name cloud azureTenantId clientId credentialKind credentialHint credentialExpiresAt
  syncWindow { pastDays futureDays } syncIntervalSeconds maskPrivateEvents enabled status statusDetail lastCheckedAt
  lastDiagnostics { ok checks { name status target code message remedy } }`;

export const DIAGNOSTICS_FIELDS = `ok checkedAt checks { name status target code message remedy }`;

/** createConnector over GraphQL with a secret; returns the connector id (throws on errors). */
export async function createSecretConnector(
  env: ConnectorEnv,
  key: string,
  dir: Directory,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await env.graphql(
    key,
    `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
    {
      input: {
        name: 'M365',
        azureTenantId: dir.tenantId,
        clientId: dir.clientId,
        clientSecret: dir.secret,
        ...extra,
      },
    },
  );
  if (!res.data) throw new Error(`createConnector failed: ${res.raw}`);
  return res.data.createConnector.id;
}

export async function testConnectorVia(env: ConnectorEnv, key: string, id: string): Promise<any> {
  const res = await env.graphql(
    key,
    `mutation($id: ID!) { testConnector(id: $id) { ${DIAGNOSTICS_FIELDS} } }`,
    { id },
  );
  if (!res.data) throw new Error(`testConnector failed: ${res.raw}`);
  return res.data.testConnector;
}

export async function readConnector(env: ConnectorEnv, key: string, id: string): Promise<any> {
  const res = await env.graphql(key, `query($id: ID!) { connector(id: $id) { ${CONNECTOR_FIELDS} } }`, {
    id,
  });
  return res.data?.connector;
}
