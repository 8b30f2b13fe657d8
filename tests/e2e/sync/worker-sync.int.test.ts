// The real worker process syncing the emulator's seeded organisation into Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueConnectorTick, enqueueMailboxSyncs, type SyncMode } from '@calsync/core';
import { seedConnector } from './support/calsync-db.ts';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';
import type { WorkerProcess } from './support/worker-process.ts';

let suite: SyncSuite;
let worker: WorkerProcess;
let contoso: Awaited<ReturnType<SyncSuite['seedContoso']>>;

beforeAll(async () => {
  suite = await startSyncSuite(3);
  contoso = await suite.seedContoso();
  worker = suite.startWorker({ pageSize: 10 });
});

afterAll(async () => {
  await suite?.close();
});

describe('worker process + emulator + Postgres', () => {
  it('a connector tick full-syncs every mailbox exactly', async () => {
    const { tenantId, connectorId } = contoso.seeded;
    expect(await enqueueConnectorTick(suite.core, tenantId, connectorId)).toBe(contoso.mailboxes.length);
    await suite.waitForSynced(contoso.mailboxes.map((m) => m.mailboxId));
    let total = 0;
    for (const m of contoso.mailboxes) total += await suite.expectExact(m);
    expect(total).toBeGreaterThan(100);
  });

  it('after Outlook-like changes a delta round is exact again', async () => {
    await suite.env.emu.control.mutateRandomly(40);
    const { tenantId, connectorId } = contoso.seeded;
    const since = new Date();
    await enqueueConnectorTick(suite.core, tenantId, connectorId);
    await suite.waitForSynced(
      contoso.mailboxes.map((m) => m.mailboxId),
      60_000,
      since,
    );
    for (const m of contoso.mailboxes) await suite.expectExact(m);
    const runs = await suite.admin.pool.query(
      `select kind, count(*)::int as n from sync_runs where status = 'SUCCEEDED' group by kind`,
    );
    expect(Object.fromEntries(runs.rows.map((r) => [r.kind, r.n]))).toEqual({
      FULL: contoso.mailboxes.length,
      DELTA: contoso.mailboxes.length,
    });
  });

  it(
    'stays exact under injected faults, honours Retry-After and never exceeds 4 concurrent requests per mailbox',
    { timeout: 150_000 },
    async () => {
      const c = suite.env.emu.control;
      await c.clearRequests();
      await c.addFault({
        type: 'status',
        status: 429,
        retryAfterSeconds: 0.4,
        route: 'delta',
        probability: 0.15,
      });
      await c.addFault({ type: 'status', status: 503, route: 'delta', probability: 0.05 });
      await c.addFault({ type: 'reset', route: 'delta', probability: 0.05 });
      await c.addFault({ type: 'truncatedJson', route: 'delta', probability: 0.05 });
      await c.addFault({ type: 'replayItems', route: 'delta', probability: 0.1 });
      await c.addFault({ type: 'emptyFirstPage', route: 'delta', count: 5 });
      await c.addFault({ type: 'syncStateNotFound', route: 'delta', count: 3 });
      await c.mutateRandomly(30);
      const since = new Date();
      await enqueueMailboxSyncs(
        suite.core,
        contoso.mailboxes.map((m) => ({
          tenantId: contoso.seeded.tenantId,
          connectorId: contoso.seeded.connectorId,
          mailboxId: m.mailboxId,
          mode: 'FULL' as const,
          trigger: 'MANUAL' as const,
        })),
      );
      await suite
        .waitForSynced(
          contoso.mailboxes.map((m) => m.mailboxId),
          120_000,
          since,
        )
        .catch(async (err) => {
          console.log(
            (
              await suite.admin.pool.query(
                'select address, sync_status, last_error, resume_cursor is not null as r, cursor is not null as d from mailboxes',
              )
            ).rows,
            await suite.core.queues.sync.getJobCounts(),
            (await suite.admin.pool.query('select status, error_code, count(*) from sync_runs group by 1,2'))
              .rows,
            worker.output().slice(-3000),
          );
          throw err;
        });
      await c.clearFaults();
      for (const m of contoso.mailboxes) await suite.expectExact(m);

      const log = (await c.requests()).filter((e) => e.mailbox !== null);
      const throttled = log.filter((e) => e.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      for (const t of throttled) {
        const next = log.find((e) => e.seq > t.seq && e.mailbox?.toLowerCase() === t.mailbox?.toLowerCase());
        if (next) expect(Date.parse(next.startedAt) - Date.parse(t.endedAt!)).toBeGreaterThanOrEqual(400);
      }
      const byMailbox = new Map<string, { start: number; end: number }[]>();
      for (const e of log) {
        const list = byMailbox.get(e.mailbox!.toLowerCase()) ?? [];
        list.push({ start: Date.parse(e.startedAt), end: Date.parse(e.endedAt ?? e.startedAt) });
        byMailbox.set(e.mailbox!.toLowerCase(), list);
      }
      for (const intervals of byMailbox.values()) {
        for (const a of intervals) {
          const concurrent = intervals.filter((b) => b.start <= a.start && b.end > a.start).length;
          expect(concurrent).toBeLessThanOrEqual(4);
        }
      }
    },
  );
});

describe('isolation between tenants', () => {
  it(
    'a connector with a revoked secret and a broken mailbox do not delay another tenant',
    { timeout: 120_000 },
    async () => {
      const c = suite.env.emu.control;
      const summary = suite.env.emu.state.seedSummary!;
      const app = await c.createApp({
        tenantId: summary.tenantId,
        displayName: 'fabrikam app',
        roles: ['Calendars.Read'],
      });
      const secret = await c.addSecret(app.clientId);
      const fabrikam = await seedConnector(suite.database.adminUrl, suite.core.secretBox, {
        slug: 'fabrikam',
        azureTenantId: summary.tenantId,
        clientId: app.clientId,
        clientSecret: secret.value,
        addresses: contoso.mailboxes.slice(0, 6).map((m) => m.address),
      });
      await c.removeSecret(app.clientId, secret.id);
      const ghost = await seedConnector(suite.database.adminUrl, suite.core.secretBox, {
        slug: 'ghosts',
        azureTenantId: summary.tenantId,
        clientId: summary.clientId,
        clientSecret: summary.clientSecret,
        addresses: ['ghost-1@contoso.com', 'ghost-2@contoso.com'],
      });

      const started = Date.now();
      const since = new Date();
      const jobs = (s: typeof fabrikam, mode: SyncMode) =>
        [...s.mailboxIds.values()].map((mailboxId) => ({
          tenantId: s.tenantId,
          connectorId: s.connectorId,
          mailboxId,
          mode,
          trigger: 'MANUAL' as const,
        }));
      // The failing tenants are queued first; interleaving and the connector cap keep contoso moving.
      await enqueueMailboxSyncs(suite.core, [
        ...jobs(fabrikam, 'AUTO'),
        ...jobs(ghost, 'AUTO'),
        ...jobs(contoso.seeded, 'FULL'),
      ]);
      await suite.waitForSynced(
        contoso.mailboxes.map((m) => m.mailboxId),
        60_000,
        since,
      );
      const elapsed = Date.now() - started;
      for (const m of contoso.mailboxes) await suite.expectExact(m);
      expect(elapsed).toBeLessThan(30_000);

      const status = await suite.admin.pool.query(
        'select status, status_detail from connectors where id = $1',
        [fabrikam.connectorId],
      );
      expect(status.rows[0].status).toBe('AUTH_FAILED');
      expect(status.rows[0].status_detail).not.toContain(secret.value);
      const ghostRows = await suite.admin.pool.query(
        `select sync_status, last_error from mailboxes where connector_id = $1`,
        [ghost.connectorId],
      );
      expect(ghostRows.rows.map((r) => r.sync_status)).toEqual(['ERROR', 'ERROR']);
      const ghostConnector = await suite.admin.pool.query('select status from connectors where id = $1', [
        ghost.connectorId,
      ]);
      expect(ghostConnector.rows[0].status).toBe('HEALTHY');
      // Auth failures stop the connector's jobs instead of retrying each one.
      const fabrikamRuns = await suite.admin.pool.query(
        `select count(*)::int as n from sync_runs where connector_id = $1`,
        [fabrikam.connectorId],
      );
      expect(fabrikamRuns.rows[0].n).toBeLessThanOrEqual(6);
    },
  );
});
