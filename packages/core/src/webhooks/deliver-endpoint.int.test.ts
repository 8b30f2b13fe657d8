// Delivery from the real change log (triggers on `events`) to a real HTTP receiver that verifies
// signatures with the client SDK, as a customer's endpoint would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import {
  createTestDatabase,
  randomQueuePrefix,
  testRedisUrl,
  type TestDatabase,
} from '../../../../tests/support/test-database.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../tests/support/webhook-receiver.ts';
import { createSecretBox } from '../crypto/index.ts';
import { createDatabase, type DatabaseHandle } from '../db/index.ts';
import { createQueues, createRedisConnection, type Queues } from '../jobs/index.ts';
import type { Principal } from '../tenancy/index.ts';
import {
  deliverEndpoint,
  endpointsBehind,
  isEndpointBehind,
  type DeliverySettings,
} from './deliver-endpoint.ts';
import {
  createWebhookEndpoint,
  findWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  type WebhookAdminDeps,
} from './manage-endpoints.ts';
import { randomBytes } from 'node:crypto';

let database: TestDatabase;
let admin: DatabaseHandle;
let app: DatabaseHandle;
let queues: Queues;
let a: SeededTenant;
let b: SeededTenant;
let receiver: WebhookReceiver;
let deps: WebhookAdminDeps;
const secretBox = createSecretBox([{ id: 'k', key: randomBytes(32) }]);

const settings: DeliverySettings = {
  policy: { allowPrivate: true },
  timeoutMs: 2_000,
  disableAfterMs: 60_000,
  retryBaseMs: 100,
  maxRetryMs: 1_000,
  batchSize: 3,
  maxBatchesPerRun: 50,
};

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  app = createDatabase(database.appUrl);
  queues = createQueues(createRedisConnection(testRedisUrl(), 'client'), randomQueuePrefix());
  a = await seedTenant(admin.db, 'hooks-a');
  b = await seedTenant(admin.db, 'hooks-b');
  deps = { db: app.db, secretBox, queues, webhookPolicy: { allowPrivate: true } };
});
afterAll(async () => {
  await queues?.close();
  await app?.close();
  await admin?.close();
  await database?.drop();
});
beforeEach(async () => {
  await receiver?.close();
  receiver = await startWebhookReceiver();
});

const adminOf = (s: SeededTenant): Principal => ({ role: 'ADMIN', tenantId: s.tenantId, keyId: s.apiKeyId });
const deliver = (s: SeededTenant, endpointId: string, overrides: Partial<DeliverySettings> = {}) =>
  deliverEndpoint(
    { db: app.db, secretBox, settings: { ...settings, ...overrides } },
    { tenantId: s.tenantId, endpointId },
  );

let counter = 0;
/** Commits `n` new events of tenant s (each one change in the log); returns their subjects. */
async function createEvents(s: SeededTenant, n: number): Promise<string[]> {
  const subjects: string[] = [];
  for (let i = 0; i < n; i += 1) {
    counter += 1;
    subjects.push(`event ${counter}`);
    await admin.pool.query(
      `insert into events (tenant_id, mailbox_id, source_id, type, start_at, end_at, subject)
       values ($1, $2, $3, 'SINGLE_INSTANCE', now(), now() + interval '1 hour', $4)`,
      [s.tenantId, s.mailboxId, `src-${counter}`, `event ${counter}`],
    );
  }
  return subjects;
}

async function newEndpoint(
  s: SeededTenant,
  extra: { changeTypes?: ('CREATED' | 'UPDATED' | 'DELETED')[] } = {},
) {
  const created = await createWebhookEndpoint(deps, adminOf(s), { url: receiver.url, ...extra });
  receiver.secrets = [created.signingSecret];
  return created;
}

const sequences = () => receiver.changes.map((c) => c.sequence);
const subjects = () => receiver.changes.map((c) => c.event?.subject ?? null);

describe('webhook delivery', () => {
  it('delivers every change after creation once, in order, in signed batches', async () => {
    await createEvents(a, 2); // before the endpoint: not delivered
    const { endpoint } = await newEndpoint(a);
    const expected = await createEvents(a, 7);
    const outcome = await deliver(a, endpoint.id);
    expect(outcome).toEqual({ kind: 'idle', delivered: 7 });
    expect(subjects()).toEqual(expected);
    expect(sequences()).toEqual([...sequences()].sort((x, y) => x - y));
    expect(new Set(sequences()).size).toBe(7);
    expect(receiver.signatures).toHaveLength(3); // batches of 3, 3 and 1
    expect(await isEndpointBehind(app.db, { tenantId: a.tenantId, endpointId: endpoint.id })).toBe(false);
    // Nothing new: a run posts nothing.
    expect(await deliver(a, endpoint.id)).toEqual({ kind: 'idle', delivered: 0 });
    expect(receiver.signatures).toHaveLength(3);
  });

  it('a receiver down for a while gets the same changes again once back: no gap, no reorder', async () => {
    const { endpoint } = await newEndpoint(a);
    const first = await createEvents(a, 2);
    receiver.up = false;
    const failed = await deliver(a, endpoint.id);
    expect(failed.kind).toBe('retry');
    const second = await createEvents(a, 2);
    expect((await deliver(a, endpoint.id)).kind).toBe('retry');
    const failing = await findWebhookEndpoint(deps, adminOf(a), endpoint.id);
    expect(failing?.consecutiveFailures).toBe(2);
    expect(failing?.failingSince).toBeInstanceOf(Date);
    receiver.up = true;
    expect(await deliver(a, endpoint.id)).toMatchObject({ kind: 'idle', delivered: 4 });
    expect(subjects()).toEqual([...first, ...second]);
    const healthy = await findWebhookEndpoint(deps, adminOf(a), endpoint.id);
    expect(healthy?.consecutiveFailures).toBe(0);
    expect(healthy?.failingSince).toBeNull();
  });

  it('a receiver holding the wrong secret refuses every delivery, and the endpoint retries', async () => {
    const { endpoint } = await newEndpoint(a);
    receiver.secrets = ['whsec_' + randomBytes(32).toString('base64')];
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id)).kind).toBe('retry');
    expect(receiver.rejected).toBe(1);
    expect(receiver.changes).toEqual([]);
  });

  it('during a rotation overlap both secrets sign; afterwards only the new one', async () => {
    const { endpoint, signingSecret: old } = await newEndpoint(a);
    const rotated = await rotateWebhookSecret(deps, adminOf(a), endpoint.id, 3600);
    expect(rotated.signingSecret).not.toBe(old);
    expect(rotated.endpoint.previousSecretExpiresAt).toBeInstanceOf(Date);
    receiver.secrets = [old]; // a receiver not yet switched
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id)).kind).toBe('idle');
    expect(receiver.signatures.at(-1)?.split(' ')).toHaveLength(2);
    receiver.secrets = [rotated.signingSecret]; // switched
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id)).kind).toBe('idle');
    // No overlap: the old secret no longer verifies.
    const again = await rotateWebhookSecret(deps, adminOf(a), endpoint.id, 0);
    receiver.secrets = [rotated.signingSecret];
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id)).kind).toBe('retry');
    receiver.secrets = [again.signingSecret];
    expect((await deliver(a, endpoint.id)).kind).toBe('idle');
    expect(receiver.changes).toHaveLength(3);
  });

  it("tenant B's endpoint never receives A's changes", async () => {
    const { endpoint } = await newEndpoint(b);
    await createEvents(a, 3);
    const theirs = await createEvents(b, 1);
    expect(await deliver(b, endpoint.id)).toMatchObject({ kind: 'idle', delivered: 1 });
    expect(subjects()).toEqual(theirs);
    expect(receiver.changes.every((c) => c.mailboxId === b.mailboxId)).toBe(true);
  });

  it('delivers only the change types asked for, moving the cursor past the others', async () => {
    const { endpoint } = await newEndpoint(a, { changeTypes: ['DELETED'] });
    await createEvents(a, 2);
    expect(await deliver(a, endpoint.id)).toEqual({ kind: 'idle', delivered: 0 });
    await admin.pool.query(`delete from events where tenant_id = $1 and source_id = $2`, [
      a.tenantId,
      `src-${counter}`,
    ]);
    expect(await deliver(a, endpoint.id)).toMatchObject({ kind: 'idle', delivered: 1 });
    expect(receiver.changes.map((c) => [c.changeType, c.event])).toEqual([['DELETED', null]]);
  });

  it('redelivers from a cursor (the same sequences again), and is found by the sweep while behind', async () => {
    const { endpoint } = await newEndpoint(a);
    await createEvents(a, 2);
    const payload = { tenantId: a.tenantId, endpointId: endpoint.id };
    expect(await endpointsBehind(app.db, 100)).toContainEqual(payload);
    await deliver(a, endpoint.id);
    expect(await endpointsBehind(app.db, 100)).not.toContainEqual(payload);
    const firstRun = sequences();
    await redeliverWebhook(deps, adminOf(a), endpoint.id, endpoint.deliveredThrough);
    await deliver(a, endpoint.id);
    expect(sequences()).toEqual([...firstRun, ...firstRun]);
  });

  it('disables an endpoint that failed for longer than the failure period, with the reason', async () => {
    const { endpoint } = await newEndpoint(a);
    receiver.up = false;
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id, { disableAfterMs: 0 })).kind).toBe('disabled');
    const disabled = await findWebhookEndpoint(deps, adminOf(a), endpoint.id);
    expect(disabled?.status).toBe('DISABLED');
    expect(disabled?.disabledReason).toMatch(/failing since .*HTTP 503/);
    receiver.up = true;
    expect(await deliver(a, endpoint.id)).toEqual({ kind: 'idle', delivered: 0 });
  });

  it('refuses to post to a destination the policy forbids, at delivery time too', async () => {
    const { endpoint } = await newEndpoint(a);
    await createEvents(a, 1);
    expect((await deliver(a, endpoint.id, { policy: { allowPrivate: false } })).kind).toBe('retry');
    expect(receiver.changes).toEqual([]);
  });
});
