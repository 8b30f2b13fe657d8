// One calsync stack for a sync e2e file: test database, emulator, a core for enqueuing and reading, and
// worker processes started on demand — all sharing one Redis database so the worker's default prefix is isolated.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Core } from '@calsync/core';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../../support/test-database.ts';
import { openAdmin, seedConnector, type AdminReader, type SeededConnector } from './calsync-db.ts';
import { createTestCore, emulatorEndpoints } from '../../../support/test-core.ts';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { expectedEvents } from './ground-truth.ts';
import { startWorkerProcess, waitFor, type WorkerEnv, type WorkerProcess } from './worker-process.ts';

export interface SyncSuite {
  database: TestDatabase;
  env: TrustedEmulator;
  core: Core;
  admin: AdminReader;
  workerEnv: WorkerEnv;
  startWorker(overrides?: Partial<WorkerEnv>): WorkerProcess;
  /** Every emulator mailbox of the seeded tenant that can be synced, with calsync's ids. */
  seedContoso(options?: { slug?: string; onlyRestEnabled?: boolean }): Promise<{
    seeded: SeededConnector;
    mailboxes: { emuId: string; address: string; mailboxId: string }[];
  }>;
  /** Waits until the sync queue is empty and every listed mailbox has a delta link and no unfinished round. */
  /** With `since`: also each mailbox must have a successful run that finished after it. */
  waitForSynced(mailboxIds: string[], timeoutMs?: number, since?: Date): Promise<void>;
  expectExact(mailbox: { emuId: string; mailboxId: string }): Promise<number>;
  close(): Promise<void>;
}

export async function startSyncSuite(
  redisDb: number,
  emulatorOptions: Parameters<typeof startTrustedEmulator>[0] = {},
): Promise<SyncSuite> {
  const database = await createTestDatabase();
  const env = await startTrustedEmulator(emulatorOptions);
  const key = randomBytes(32);
  const redisUrl = `${testRedisUrl()}/${redisDb}`;
  const core = createTestCore(
    database,
    {
      ...emulatorEndpoints(env.emu.url),
      redisUrl,
      queuePrefix: undefined,
      encryptionKeys: [{ id: 'e2e', key }],
    },
    { msalNetworkClient: env.msalNetworkClient, graphFetch: env.fetch },
  );
  await core.redis.flushdb();
  const admin = openAdmin(database.adminUrl);
  const workerEnv: WorkerEnv = {
    databaseUrl: database.appUrl,
    redisUrl,
    encryptionKeys: `e2e:${key.toString('base64')}`,
    emulatorUrl: env.emu.url,
    caCertPem: env.emu.caCertPem,
  };
  const workers: WorkerProcess[] = [];

  const suite: SyncSuite = {
    database,
    env,
    core,
    admin,
    workerEnv,
    startWorker(overrides = {}) {
      const w = startWorkerProcess({ ...workerEnv, ...overrides });
      workers.push(w);
      return w;
    },
    async seedContoso(options = {}) {
      const summary = env.emu.state.seedSummary!;
      const all = await env.emu.control.listMailboxes(summary.tenantId);
      const usable = options.onlyRestEnabled === false ? all : all.filter((m) => m.restEnabled);
      const seeded = await seedConnector(database.adminUrl, core.secretBox, {
        slug: options.slug ?? 'contoso',
        azureTenantId: summary.tenantId,
        clientId: summary.clientId,
        clientSecret: summary.clientSecret,
        addresses: usable.map((m) => m.address),
      });
      return {
        seeded,
        mailboxes: usable.map((m) => ({
          emuId: m.id,
          address: m.address,
          mailboxId: seeded.mailboxIds.get(m.address)!,
        })),
      };
    },
    async waitForSynced(mailboxIds, timeoutMs = 60_000, since) {
      await waitFor(
        async () => {
          const counts = await core.queues.sync.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          if (Object.values(counts).some((n) => n > 0)) return false;
          const res = await admin.pool.query(
            `select count(*)::int as n from mailboxes where id = any($1::uuid[])
               and cursor is not null and resume_cursor is null and sync_status = 'OK'`,
            [mailboxIds],
          );
          if (res.rows[0].n !== mailboxIds.length) return false;
          if (!since) return true;
          const runs = await admin.pool.query(
            `select count(distinct mailbox_id)::int as n from sync_runs
             where mailbox_id = any($1::uuid[]) and status = 'SUCCEEDED' and finished_at >= $2`,
            [mailboxIds, since],
          );
          return runs.rows[0].n === mailboxIds.length;
        },
        timeoutMs,
        `${mailboxIds.length} mailboxes to be in sync`,
      );
    },
    async expectExact({ emuId, mailboxId }) {
      const state = await admin.mailbox(mailboxId);
      expect(state.cursor).not.toBeNull();
      const expected = expectedEvents(env.emu, emuId, { start: state.windowStart!, end: state.windowEnd! });
      const stored = await admin.events(mailboxId);
      expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
      const counts = await admin.eventCount(mailboxId);
      expect(counts.rows).toBe(counts.distinctSourceIds);
      return expected.size;
    },
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await admin.close();
      await core.close();
      await env.stop();
      await database.drop();
    },
  };
  return suite;
}
