import { createDatabase, mailboxSyncJobId, type DatabaseHandle } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { startTestApi, TEST_ADMIN_KEY, type TestApi } from '../../../../tests/support/test-api.ts';
import { graphSubscriptions, hashClientState, withTenant } from '@calsync/core';
import { and, eq } from 'drizzle-orm';

let api: TestApi;
let admin: DatabaseHandle;
let tenant: SeededTenant;
const CLIENT_STATE = 'the-real-client-state';

beforeAll(async () => {
  api = await startTestApi({
    core: { notifications: { publicUrl: 'https://calsync.test', safetyPollIntervalMs: 6 * 3_600_000 } },
  });
  admin = createDatabase(api.database.adminUrl, { max: 2 });
  tenant = await seedTenant(admin.db, 'hooks');
  await withTenant(admin.db, tenant.tenantId, (tx) =>
    tx
      .update(graphSubscriptions)
      .set({ clientStateHash: hashClientState(CLIENT_STATE) })
      .where(
        and(
          eq(graphSubscriptions.tenantId, tenant.tenantId),
          eq(graphSubscriptions.mailboxId, tenant.mailboxId),
        ),
      ),
  );
});

afterAll(async () => {
  await admin.close();
  await api.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  api.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

const change = (over: Record<string, unknown> = {}) => ({
  subscriptionId: tenant.graphSubscriptionId,
  clientState: CLIENT_STATE,
  changeType: 'updated',
  resource: 'Users/x/Events/y',
  resourceData: { id: 'y' },
  ...over,
});

async function metric(name: string): Promise<string> {
  const res = await api.app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
  });
  return res.body
    .split('\n')
    .filter((l) => l.startsWith(name))
    .join('\n');
}

describe('POST /webhooks/graph', () => {
  it('echoes the decoded validationToken as text/plain, without an API key', async () => {
    const token = 'Validation: Testing client application reachability <script>';
    for (const url of ['/webhooks/graph', '/webhooks/graph/lifecycle']) {
      const res = await api.app.inject({
        method: 'POST',
        url: `${url}?validationToken=${encodeURIComponent(token)}`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        payload: '',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toBe(token);
    }
  });

  it('turns a burst of genuine notifications into one pending sync of the mailbox', async () => {
    const burst = Array.from({ length: 50 }, () => change());
    for (let i = 0; i < 5; i++) {
      expect((await post('/webhooks/graph', { value: burst.slice(i * 10, i * 10 + 10) })).statusCode).toBe(
        202,
      );
    }
    const jobId = await api.core.queues.sync.getDeduplicationJobId(mailboxSyncJobId(tenant.mailboxId));
    expect(jobId).not.toBeNull();
    const job = await api.core.queues.sync.getJob(jobId!);
    expect(job?.data).toMatchObject({ mailboxId: tenant.mailboxId, trigger: 'NOTIFICATION' });
    const counts = await api.core.queues.sync.getJobCounts('waiting', 'delayed');
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(1);
    expect(await metric('calsync_graph_notifications_coalesced_total')).toContain(' 49');
    const [row] = await withTenant(admin.db, tenant.tenantId, (tx) =>
      tx.select().from(graphSubscriptions).where(eq(graphSubscriptions.mailboxId, tenant.mailboxId)),
    );
    expect(row!.lastNotificationAt).not.toBeNull();
  });

  it('drops and counts forged clientStates and unknown subscriptions, answering 202 all the same', async () => {
    await api.core.queues.sync.obliterate({ force: true });
    const res = await post('/webhooks/graph', {
      value: [
        change({ clientState: 'forged' }),
        change({ subscriptionId: 'unknown', resource: 'https://evil.test/x' }),
      ],
    });
    expect(res.statusCode).toBe(202);
    const counts = await api.core.queues.sync.getJobCounts('waiting', 'delayed');
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(0);
    const dropped = await metric('calsync_graph_notifications_dropped_total');
    expect(dropped).toContain('reason="client_state_mismatch"} 1');
    expect(dropped).toContain('reason="unknown_subscription"} 1');
  });

  it('refuses malformed JSON, a body that is not a collection, and bodies over 1 MiB', async () => {
    expect((await post('/webhooks/graph', '{"value": [')).statusCode).toBe(400);
    const notCollection = await post('/webhooks/graph', { value: 'x' });
    expect(notCollection.statusCode).toBe(400);
    expect(notCollection.json()).toMatchObject({ code: 'BAD_REQUEST' });
    const huge = JSON.stringify({ value: [change({ padding: 'x'.repeat(1_100_000) })] });
    expect((await post('/webhooks/graph', huge)).statusCode).toBe(413);
  });
});

describe('POST /webhooks/graph/lifecycle', () => {
  it('queues reauthorization, recreation and a resync for the matching lifecycle events', async () => {
    await api.core.queues.sync.obliterate({ force: true });
    const lifecycle = (lifecycleEvent: string) => ({
      subscriptionId: tenant.graphSubscriptionId,
      clientState: CLIENT_STATE,
      lifecycleEvent,
    });
    const res = await post('/webhooks/graph/lifecycle', {
      value: [lifecycle('reauthorizationRequired'), lifecycle('subscriptionRemoved'), lifecycle('missed')],
    });
    expect(res.statusCode).toBe(202);
    const maintain = await api.core.queues.connector.getJobs(['waiting', 'delayed']);
    expect(maintain.map((j) => (j.data as { action: string }).action).sort()).toEqual([
      'REAUTHORIZE',
      'RECREATE',
    ]);
    const syncs = await api.core.queues.sync.getJobs(['waiting', 'delayed']);
    expect(syncs.map((j) => (j.data as { trigger: string }).trigger)).toEqual(['NOTIFICATION']);
  });
});
