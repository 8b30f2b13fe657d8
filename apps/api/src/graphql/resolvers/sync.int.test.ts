import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, type TestApi } from '../../../../../tests/support/test-api.ts';
import { seedConnector, type SeededConnector } from '../../../../../tests/e2e/sync/support/calsync-db.ts';

let api: TestApi;
let adminKey: string;
let otherKey: string;
let seeded: SeededConnector;

const SYNC_CONNECTOR = `mutation($id: ID!, $full: Boolean) { syncConnector(id: $id, full: $full) { enqueued } }`;
const SYNC_MAILBOX = `mutation($id: ID!, $full: Boolean) { syncMailbox(id: $id, full: $full) { enqueued } }`;

beforeAll(async () => {
  api = await startTestApi();
  const tenant = await createTenantViaApi(api, 'sync-a');
  adminKey = tenant.adminKey;
  otherKey = (await createTenantViaApi(api, 'sync-b')).adminKey;
  seeded = await seedConnector(api.database.adminUrl, api.core.secretBox, {
    slug: 'sync-a',
    tenantId: tenant.tenantId,
    azureTenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: 'not-used-here',
    addresses: ['room-1@a.example', 'room-2@a.example', 'room-3@a.example'],
  });
});

afterAll(async () => {
  await api?.close();
});

async function pendingSyncJobs(): Promise<number> {
  const counts = await api.core.queues.sync.getJobCounts('waiting', 'delayed', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('syncConnector / syncMailbox', () => {
  it('enqueues one job per enabled mailbox, deduplicated per mailbox', async () => {
    const { body } = await api.graphql(adminKey, SYNC_CONNECTOR, { id: seeded.connectorId });
    expect(body.data).toEqual({ syncConnector: { enqueued: 3 } });
    expect(await pendingSyncJobs()).toBe(3);
    await api.graphql(adminKey, SYNC_CONNECTOR, { id: seeded.connectorId });
    expect(await pendingSyncJobs()).toBe(3);
  });

  it('full=true discards the delta state first', async () => {
    const mailboxId = seeded.mailboxIds.get('room-1@a.example')!;
    const client = new pg.Client({ connectionString: api.database.adminUrl });
    await client.connect();
    try {
      await client.query(
        `update mailboxes set cursor = 'https://graph/x', resume_cursor = 'https://graph/n', resume_kind = 'DELTA' where id = $1`,
        [mailboxId],
      );
      const { body } = await api.graphql(adminKey, SYNC_MAILBOX, { id: mailboxId, full: true });
      expect(body.data).toEqual({ syncMailbox: { enqueued: 1 } });
      const row = (
        await client.query('select cursor, resume_cursor from mailboxes where id = $1', [mailboxId])
      ).rows[0];
      expect(row).toEqual({ cursor: null, resume_cursor: null });
    } finally {
      await client.end();
    }
  });

  it("another tenant's connector or mailbox is NOT_FOUND", async () => {
    const a = await api.graphql(otherKey, SYNC_CONNECTOR, { id: seeded.connectorId });
    expect(a.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const b = await api.graphql(otherKey, SYNC_MAILBOX, { id: seeded.mailboxIds.get('room-2@a.example') });
    expect(b.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const c = await api.graphql(adminKey, SYNC_MAILBOX, { id: 'not-a-uuid' });
    expect(c.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a READER key may not request syncs', async () => {
    const created = await api.graphql(
      adminKey,
      `mutation { createApiKey(input: { name: "r", role: READER }) { secret } }`,
    );
    const readerKey = created.body.data?.createApiKey?.secret as string;
    expect(readerKey).toBeTruthy();
    const { body } = await api.graphql(readerKey, SYNC_CONNECTOR, { id: seeded.connectorId });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
