import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONNECTOR_FIELDS,
  createDirectory,
  createSecretConnector,
  createTenantKey,
  readConnector,
  startConnectorEnv,
  type ConnectorEnv,
  type Directory,
} from './connector-env.ts';

let env: ConnectorEnv;
let key: string;
let dir: Directory;
beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'crud');
  dir = await createDirectory(env, 'crudco', {
    mailboxes: [
      { local: 'adele', displayName: 'Adele Vance' },
      { local: 'adams', displayName: 'Conf Room Adams', kind: 'room' },
    ],
  });
});
afterAll(() => env.close());

const CREATE = `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { ${CONNECTOR_FIELDS} } }`;

function input(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'M365',
    azureTenantId: dir.tenantId,
    clientId: dir.clientId,
    clientSecret: dir.secret,
    ...overrides,
  };
}

describe('createConnector validation', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'tenant id that is neither GUID nor domain',
      { azureTenantId: 'not a tenant' },
      'azureTenantId',
      /Directory \(tenant\) ID/,
    ],
    ['multi-tenant alias', { azureTenantId: 'common' }, 'azureTenantId', /not a directory/],
    [
      'client id that is not a GUID',
      { clientId: 'calsync-app' },
      'clientId',
      /Application \(client\) ID GUID/,
    ],
    ['no credential', { clientSecret: null }, 'clientSecret', /exactly one of clientSecret or certificate/],
    [
      'both credentials',
      { certificate: { privateKeyPem: 'x', certificatePem: 'y' } },
      'clientSecret',
      /either clientSecret or certificate, not both/,
    ],
    [
      'a secret ID pasted instead of the value',
      { clientSecret: '3f1b2c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d' },
      'clientSecret',
      /Secret ID \(a GUID\), not a secret value.*create a new secret/,
    ],
    [
      'a certificate that is not PEM',
      { clientSecret: null, certificate: { privateKeyPem: 'x', certificatePem: 'y' } },
      'certificate.certificatePem',
      /not a valid PEM/,
    ],
    [
      'past window over 365 days',
      { syncWindow: { pastDays: 366, futureDays: 30 } },
      'syncWindow.pastDays',
      /0 to 365/,
    ],
    [
      'future window of 0 days',
      { syncWindow: { pastDays: 1, futureDays: 0 } },
      'syncWindow.futureDays',
      /1 to 730/,
    ],
    ['interval under 60 s', { syncIntervalSeconds: 59 }, 'syncIntervalSeconds', /60 to 86400/],
    ['empty name', { name: '   ' }, 'name', /1–200/],
    [
      'a bad mailbox address',
      { mailboxes: ['adele@crudco.onmicrosoft.com', 'nope'] },
      'mailboxes[1]',
      /not an SMTP address/,
    ],
  ];
  it.each(cases)(
    'refuses %s with BAD_USER_INPUT naming the field',
    async (_label, overrides, field, message) => {
      const res = await env.graphql(key, CREATE, { input: input(overrides) });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors?.[0].message).toMatch(message);
    },
  );

  it('rejects unknown input fields', async () => {
    const res = await env.graphql(key, CREATE, { input: input({ authorityUrl: 'https://evil.example' }) });
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeFalsy();
  });
});

describe('connector lifecycle', () => {
  it('creates a PENDING connector with defaults, a hint and no secret, and schedules its tick and check', async () => {
    const res = await env.graphql(key, CREATE, {
      input: input({ azureTenantId: `${dir.domain}`, mailboxes: ['Adele@CrudCo.onmicrosoft.com'] }),
    });
    expect(res.errors).toBeUndefined();
    const c = res.data.createConnector;
    expect(c).toMatchObject({
      name: 'M365',
      cloud: 'GLOBAL',
      azureTenantId: dir.domain,
      clientId: dir.clientId,
      credentialKind: 'CLIENT_SECRET',
      credentialHint: dir.secret.slice(-4),
      syncWindow: { pastDays: 7, futureDays: 180 },
      syncIntervalSeconds: 900,
      maskPrivateEvents: true,
      enabled: true,
      status: 'PENDING',
      lastDiagnostics: null,
    });
    expect(res.raw).not.toContain(dir.secret);
    const tick = await env.core.queues.connector.getJobScheduler(`connector-tick:${c.id}`);
    expect(tick).toMatchObject({ name: 'connector.tick', every: 900_000 });
    const daily = await env.core.queues.connector.getJobScheduler(`connector-check:${c.id}`);
    expect(daily).toMatchObject({ name: 'connector.check', every: 24 * 60 * 60 * 1000 });
    expect(daily?.template?.data).toEqual({
      tenantId: expect.any(String),
      connectorId: c.id,
      reason: 'SCHEDULED',
    });
    // The first daily check is a day away: creation already queued one.
    expect(daily?.next).toBeGreaterThan(Date.now() + 23 * 60 * 60 * 1000);
    const jobs = await env.core.queues.connector.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(
      jobs.some(
        (j) => j.name === 'connector.check' && j.data.connectorId === c.id && j.data.reason === 'CREATED',
      ),
    ).toBe(true);
    const mailboxes = await env.graphql(
      key,
      `{ mailboxes(connectorId: "${c.id}") { totalCount nodes { address } } }`,
    );
    expect(mailboxes.data.mailboxes).toEqual({
      totalCount: 1,
      nodes: [{ address: 'adele@crudco.onmicrosoft.com' }],
    });
  });

  it('lists connectors with paging, updates partially and removes the schedules when disabled', async () => {
    const a = await createSecretConnector(env, key, dir, { name: 'second' });
    const page1 = await env.graphql(
      key,
      `{ connectors(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page1.data.connectors.pageInfo.hasNextPage).toBe(true);
    const page2 = await env.graphql(
      key,
      `query($after: String) { connectors(first: 10, after: $after) { nodes { id name } } }`,
      {
        after: page1.data.connectors.pageInfo.endCursor,
      },
    );
    expect(page2.data.connectors.nodes.map((n: any) => n.id)).toContain(a);
    expect(page2.data.connectors.nodes.map((n: any) => n.id)).not.toContain(
      page1.data.connectors.nodes[0].id,
    );

    const upd = await env.graphql(
      key,
      `mutation($id: ID!) { updateConnector(id: $id, input: { name: "renamed", syncIntervalSeconds: 120, syncWindow: { pastDays: 0, futureDays: 30 }, enabled: false }) { name syncIntervalSeconds syncWindow { pastDays futureDays } enabled status statusDetail credentialHint } }`,
      { id: a },
    );
    expect(upd.data.updateConnector).toMatchObject({
      name: 'renamed',
      syncIntervalSeconds: 120,
      syncWindow: { pastDays: 0, futureDays: 30 },
      enabled: false,
      status: 'DISABLED',
      credentialHint: dir.secret.slice(-4),
    });
    const schedulers = (await env.core.queues.connector.getJobSchedulers()).map((s) => s.key);
    expect(schedulers).not.toContain(`connector-tick:${a}`);
    expect(schedulers).not.toContain(`connector-check:${a}`);
    const again = await env.graphql(
      key,
      `mutation($id: ID!) { updateConnector(id: $id, input: { enabled: true }) { status } }`,
      { id: a },
    );
    expect(again.data.updateConnector.status).toBe('PENDING');
    const scheduler = await env.core.queues.connector.getJobScheduler(`connector-tick:${a}`);
    expect(scheduler?.every).toBe(120_000);
    const daily = await env.core.queues.connector.getJobScheduler(`connector-check:${a}`);
    expect(daily?.every).toBe(24 * 60 * 60 * 1000);
  });

  it('deletes a connector with its mailboxes, events and sync runs, and its schedules', async () => {
    const id = await createSecretConnector(env, key, dir, {
      name: 'doomed',
      mailboxes: ['adams@crudco.onmicrosoft.com'],
    });
    const admin = new (await import('pg')).default.Client({ connectionString: env.database.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select tenant_id, id from mailboxes where connector_id = $1`, [id]);
      const mb = rows[0];
      // Seeded past RLS as the owner: what a sync would have written.
      await admin.query(
        `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at, attendees, locations, categories)
         values ($1, $2, 'g1', 'SINGLE_INSTANCE', now(), now() + interval '1 hour', '[]', '[]', '{}')`,
        [mb.tenant_id, mb.id],
      );
      await admin.query(
        `insert into sync_runs (tenant_id, connector_id, mailbox_id, kind, trigger) values ($1, $2, $3, 'FULL', 'MANUAL')`,
        [mb.tenant_id, id, mb.id],
      );
      const del = await env.graphql(key, `mutation($id: ID!) { deleteConnector(id: $id) }`, { id });
      expect(del.data.deleteConnector).toBe(true);
      for (const table of ['connectors', 'mailboxes', 'events', 'sync_runs']) {
        const column = table === 'connectors' ? 'id' : table === 'events' ? 'mailbox_id' : 'connector_id';
        const value = table === 'events' ? mb.id : id;
        const left = await admin.query(`select count(*)::int as n from ${table} where ${column} = $1`, [
          value,
        ]);
        expect(left.rows[0].n, table).toBe(0);
      }
    } finally {
      await admin.end();
    }
    const left = (await env.core.queues.connector.getJobSchedulers()).map((s) => s.key);
    expect(left).not.toContain(`connector-tick:${id}`);
    expect(left).not.toContain(`connector-check:${id}`);
    expect(await readConnector(env, key, id)).toBeNull();
  });
});
