// The mailbox.first-sync job: each mailbox's outcome is its own. A mailbox the batch could not
// finish for a passing reason gets a mailbox.sync job of its own, delayed; the others get none.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  createProviderRegistry,
  type CalendarProvider,
  type Core,
  type DatabaseHandle,
  type MailboxSyncPayload,
  type SyncTarget,
} from '@calsync/core';
import { seedTenant, type SeededTenant } from '../../../../tests/support/seed-tenant.ts';
import { sourceEvent } from '../../../../tests/support/source-event.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { createTestCore } from '../../../../tests/support/test-core.ts';
import { createMailboxFirstSyncProcessor } from './mailbox-first-sync.ts';

let database: TestDatabase;
let admin: DatabaseHandle;
let core: Core;
let seeded: SeededTenant;
const ids: Record<'steady' | 'flaky', string> = { steady: '', flaky: '' };

/** A provider whose 'flaky' mailbox answers like a busy back end (a transient failure). */
function withFakeProvider(base: Core): Core {
  const classify: CalendarProvider['classify'] = (error) => ({
    kind: 'transient',
    code: 'ServerBusy',
    message: String(error),
  });
  const openSession = (target: SyncTarget) =>
    Promise.resolve({
      acceptsCursor: () => true,
      fullRoundCursor: () => 'full:0',
      fetchPage: () =>
        target.address.startsWith('flaky')
          ? Promise.reject(new Error('503 Service Unavailable'))
          : Promise.resolve({
              changes: [{ kind: 'upsert' as const, row: sourceEvent('steady-1', 'Standup') }],
              itemIds: ['steady-1'],
              next: { kind: 'done' as const, cursor: 'delta:steady' },
            }),
    });
  return {
    ...base,
    providers: createProviderRegistry({
      MICROSOFT_GRAPH: {
        ...base.providers.for('MICROSOFT_GRAPH'),
        classify,
        sync: { classify, openSession },
      },
      EXCHANGE_ONPREM: base.providers.for('EXCHANGE_ONPREM'),
    }),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  admin = createDatabase(database.adminUrl);
  core = createTestCore(database);
  seeded = await seedTenant(admin.db, 'firstjob');
  for (const name of ['steady', 'flaky'] as const) {
    const res = await admin.pool.query<{ id: string }>(
      `insert into mailboxes (tenant_id, connector_id, address, kind) values ($1, $2, $3, 'ROOM') returning id`,
      [seeded.tenantId, seeded.connectorId, `${name}@firstjob.example.com`],
    );
    ids[name] = res.rows[0]!.id;
  }
});
afterAll(async () => {
  await core?.queues.sync.obliterate({ force: true });
  await core?.close();
  await admin?.close();
  await database?.drop();
});

describe('mailbox.first-sync', () => {
  it('reports each mailbox and queues a delayed retry of its own for a passing failure only', async () => {
    const observed: { mailboxId: string; status: string }[] = [];
    const process = createMailboxFirstSyncProcessor(withFakeProvider(core), {
      connectorConcurrency: 4,
      onSyncResult: (payload: MailboxSyncPayload, result) => {
        observed.push({ mailboxId: payload.mailboxId, status: result.status });
        return Promise.resolve();
      },
    });
    const job = { id: 'batch-1', name: 'mailbox.first-sync', timestamp: Date.now() } as Job;
    const started = Date.now();
    const summary = await process(
      {
        tenantId: seeded.tenantId,
        connectorId: seeded.connectorId,
        mailboxIds: [ids.steady, ids.flaky],
        trigger: 'SCHEDULE',
      },
      job,
      undefined,
    );
    expect(summary).toEqual({ succeeded: 1, skipped: 0, failed: 0, retried: 1 });
    expect(observed).toEqual(
      expect.arrayContaining([
        { mailboxId: ids.steady, status: 'succeeded' },
        { mailboxId: ids.flaky, status: 'failed' },
      ]),
    );
    const queued = await core.queues.sync.getJobs(['delayed', 'waiting', 'prioritized']);
    expect(queued.map((j) => [j.name, (j.data as MailboxSyncPayload).mailboxId])).toEqual([
      ['mailbox.sync', ids.flaky],
    ]);
    expect(queued[0]!.timestamp + (queued[0]!.opts.delay ?? 0)).toBeGreaterThanOrEqual(started + 4_000);
    const mailbox = await admin.pool.query<{ sync_status: string; last_error_code: string | null }>(
      'select sync_status, last_error_code from mailboxes where id = $1',
      [ids.flaky],
    );
    expect(mailbox.rows[0]).toEqual({ sync_status: 'ERROR', last_error_code: 'ServerBusy' });
  });
});
