import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_KEY } from '../../support/test-api.ts';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  testConnectorVia,
  type ConnectorEnv,
  type Directory,
} from './connector-env.ts';

let env: ConnectorEnv;
beforeAll(async () => {
  env = await startConnectorEnv();
});
afterAll(() => env.close());

/** Every value stored under this run's BullMQ prefix, as text. */
async function dumpRedis(): Promise<string> {
  const redis = env.core.redis;
  const keys = await redis.keys(`${env.core.queuePrefix}:*`);
  const parts: string[] = [];
  for (const k of keys) {
    const type = await redis.type(k);
    if (type === 'string') parts.push((await redis.get(k)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(k)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(k, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(k)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(k, '0', '-1')));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(k, '-', '+')));
  }
  return parts.join('\n');
}

describe('no secret anywhere', () => {
  it('never shows a canary secret in responses, logs, errors, job payloads or the database in clear', async () => {
    const key = await createTenantKey(env, 'canary');
    const dir = await createDirectory(env, 'canaryco', {
      mailboxes: [{ local: 'adele', displayName: 'Adele' }],
    });
    const canary = `CANARY~${Date.now()}~s3cr3t~value~do~not~leak`;
    const rotated = `CANARY~ROTATED~${Date.now()}~value~do~not~leak`;
    await env.emu.control.addSecret(dir.clientId, { value: canary });
    const responses: string[] = [];
    const call = async (query: string, variables?: Record<string, unknown>) => {
      const res = await env.graphql(key, query, variables);
      responses.push(res.raw);
      return res;
    };
    const created = await call(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id credentialHint } }`,
      {
        input: {
          name: 'c',
          azureTenantId: dir.tenantId,
          clientId: dir.clientId,
          clientSecret: canary,
          mailboxes: [`adele@${dir.domain}`],
        },
      },
    );
    const id = created.data.createConnector.id;
    expect(created.data.createConnector.credentialHint).toBe(canary.slice(-4));
    responses.push(JSON.stringify(await testConnectorVia(env, key, id)));
    await call(
      `mutation($id: ID!) { addMailboxes(connectorId: $id, addresses: ["Adele@${dir.domain}"]) { id } }`,
      { id },
    );
    // A rotation to a secret Entra rejects: the failure path must not echo it either.
    await call(
      `mutation($id: ID!, $s: String!) { updateConnector(id: $id, input: { clientSecret: $s }) { id } }`,
      { id, s: rotated },
    );
    responses.push(JSON.stringify(await testConnectorVia(env, key, id)));
    // Invalid input carrying the secret: validation errors name the field, never the value.
    await call(`mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`, {
      input: { name: 'c', azureTenantId: 'common', clientId: dir.clientId, clientSecret: canary },
    });
    await call(`mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`, {
      input: { name: 'c', azureTenantId: dir.tenantId, clientId: 'nope', clientSecret: canary },
    });
    await call(
      `{ connectors { nodes { id credentialHint statusDetail lastDiagnostics { checks { message remedy code } } } } }`,
    );

    const redis = await dumpRedis();
    expect(redis).toContain(id); // the dump did see the connector's jobs
    for (const secret of [canary, rotated]) {
      expect(responses.join('\n')).not.toContain(secret);
      expect(env.logs.join('\n')).not.toContain(secret);
      expect(redis).not.toContain(secret);
    }
    const pg = new (await import('pg')).default.Client({ connectionString: env.database.adminUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query(`select row_to_json(c)::text as t from connectors c`);
      for (const r of rows) {
        expect(r.t).not.toContain(canary);
        expect(r.t).not.toContain(rotated);
      }
    } finally {
      await pg.end();
    }
    expect(env.logs.length).toBeGreaterThan(0);
  });
});

describe('tenant isolation and roles', () => {
  let keyA: string;
  let keyB: string;
  let dir: Directory;
  let connectorA: string;
  let mailboxA: string;
  beforeAll(async () => {
    keyA = await createTenantKey(env, 'tenant-a');
    keyB = await createTenantKey(env, 'tenant-b');
    dir = await createDirectory(env, 'isoco', { mailboxes: [{ local: 'adele', displayName: 'Adele' }] });
    connectorA = await createSecretConnector(env, keyA, dir, { mailboxes: [`adele@${dir.domain}`] });
    const mb = await env.graphql(keyA, `{ mailbox(address: "ADELE@${dir.domain}") { id } }`);
    mailboxA = mb.data.mailbox.id;
  });

  it("gives tenant B NOT_FOUND (or nothing) for tenant A's connector and mailbox ids in every operation", async () => {
    const vars = { id: connectorA };
    const mutations = [
      `mutation($id: ID!) { updateConnector(id: $id, input: { name: "x" }) { id } }`,
      `mutation($id: ID!) { deleteConnector(id: $id) }`,
      `mutation($id: ID!) { testConnector(id: $id) { ok } }`,
      `mutation($id: ID!) { addMailboxes(connectorId: $id, addresses: ["x@${dir.domain}"]) { id } }`,
      `mutation($id: ID!) { removeMailboxes(connectorId: $id, addresses: ["adele@${dir.domain}"]) }`,
      `mutation($id: ID!) { discoverRooms(connectorId: $id) { id } }`,
    ];
    for (const m of mutations) {
      const res = await env.graphql(keyB, m, vars);
      expect(res.errors?.[0].extensions.code, m).toBe('NOT_FOUND');
    }
    expect(
      (await env.graphql(keyB, `query($id: ID!) { connector(id: $id) { id } }`, vars)).data.connector,
    ).toBeNull();
    expect((await env.graphql(keyB, `{ connectors { nodes { id } } }`)).data.connectors.nodes).toEqual([]);
    expect(
      (await env.graphql(keyB, `query($id: ID!) { mailbox(id: $id) { id } }`, { id: mailboxA })).data.mailbox,
    ).toBeNull();
    expect(
      (await env.graphql(keyB, `{ mailbox(address: "adele@${dir.domain}") { id } }`)).data.mailbox,
    ).toBeNull();
    const list = await env.graphql(
      keyB,
      `query($id: ID) { mailboxes(connectorId: $id) { totalCount nodes { id } } }`,
      vars,
    );
    expect(list.data.mailboxes).toEqual({ totalCount: 0, nodes: [] });
    // Tenant A still has everything.
    const a = await env.graphql(
      keyA,
      `query($id: ID!) { connector(id: $id) { name mailboxes { totalCount } } }`,
      vars,
    );
    expect(a.data.connector).toEqual({ name: 'M365', mailboxes: { totalCount: 1 } });
  });

  it('refuses every mutation to READER keys with FORBIDDEN, and lets them read', async () => {
    const created = await env.graphql(
      keyA,
      `mutation { createApiKey(input: { name: "r", role: READER }) { secret } }`,
    );
    const reader = created.data.createApiKey.secret;
    const mutations = [
      `mutation { createConnector(input: { name: "x", azureTenantId: "${dir.tenantId}", clientId: "${dir.clientId}", clientSecret: "abc~def" }) { id } }`,
      `mutation($id: ID!) { updateConnector(id: $id, input: { name: "x" }) { id } }`,
      `mutation($id: ID!) { deleteConnector(id: $id) }`,
      `mutation($id: ID!) { testConnector(id: $id) { ok } }`,
      `mutation($id: ID!) { addMailboxes(connectorId: $id, addresses: ["x@${dir.domain}"]) { id } }`,
      `mutation($id: ID!) { removeMailboxes(connectorId: $id, addresses: ["adele@${dir.domain}"]) }`,
      `mutation($id: ID!) { discoverRooms(connectorId: $id) { id } }`,
    ];
    for (const m of mutations) {
      const res = await env.graphql(reader, m, m.includes('$id') ? { id: connectorA } : {});
      expect(res.errors?.[0].extensions.code, m).toBe('FORBIDDEN');
    }
    const read = await env.graphql(reader, `query($id: ID!) { connector(id: $id) { id } }`, {
      id: connectorA,
    });
    expect(read.data.connector.id).toBe(connectorA);
  });

  it('refuses connector operations to the platform admin key without a tenant', async () => {
    const res = await env.graphql(TEST_ADMIN_KEY, `{ connectors { nodes { id } } }`);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
