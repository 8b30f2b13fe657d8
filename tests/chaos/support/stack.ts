// One calsync deployment for the chaos suite: killable Postgres and Redis, the emulator, the real API
// and worker processes, a core for enqueuing, and ground-truth comparison of every mailbox.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createCore, createLogger, enqueueMailboxSyncs, type Core, type SyncMode } from '@calsync/core';
import { findFreePort } from '../../../scripts/lib/free-port.ts';
import { openAdmin, seedConnector, type AdminReader } from '../../e2e/sync/support/calsync-db.ts';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { expectedEvents } from '../../e2e/sync/support/ground-truth.ts';
import { startAppProcess, type AppEnvBase, type AppProcess } from './processes.ts';
import { startChaosServices, type ChaosServices } from './services.ts';

/**
 * Recovery settings of the worker under test, short so the bounds are: a killed worker's job is
 * taken over within lock + stalled check, its connector slot frees itself within the lease.
 */
export const WORKER_SETTINGS = {
  CALSYNC_JOB_LOCK_MS: '2000',
  CALSYNC_STALLED_CHECK_MS: '1000',
  CALSYNC_MAX_STALLED_COUNT: '50',
  CALSYNC_CONNECTOR_LEASE_MS: '3000',
  CALSYNC_WORKER_CLOSE_TIMEOUT_MS: '8000',
  CALSYNC_SYNC_PAGE_SIZE: '3',
  CALSYNC_SYNC_CONCURRENCY: '8',
  CALSYNC_CONNECTOR_CONCURRENCY: '4',
} as const;

export const ADMIN_KEY = `chaos-admin-${randomBytes(16).toString('hex')}`;

export interface ChaosMailbox {
  emuId: string;
  address: string;
  mailboxId: string;
}

export interface ChaosStack {
  services: ChaosServices;
  emulator: TrustedEmulator;
  core: Core;
  admin: AdminReader;
  apiUrl: string;
  startWorker(extra?: Record<string, string>): AppProcess;
  startApi(): AppProcess;
  /** Every process started so far (for output checks). */
  processes: AppProcess[];
  /** A tenant created through the API (with its ADMIN key) and a connector on the seeded emulator org. */
  seedTenant(
    slug: string,
    addresses: readonly string[],
    app?: { azureTenantId: string; clientId: string; clientSecret: string },
  ): Promise<{
    tenantId: string;
    connectorId: string;
    key: string;
    mailboxes: ChaosMailbox[];
  }>;
  enqueue(
    tenant: { tenantId: string; connectorId: string; mailboxes: ChaosMailbox[] },
    mode: SyncMode,
  ): Promise<void>;
  /** Resolves when every mailbox has a delta link, no open round, status OK and a successful run since `since`. */
  waitSynced(mailboxIds: string[], since: Date, timeoutMs: number): Promise<number>;
  /** Asserts each mailbox equals the emulator's calendar (no lost, no duplicated rows); returns rows compared. */
  expectExact(mailboxes: readonly ChaosMailbox[]): Promise<number>;
  graphql<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  readyz(): Promise<number>;
  stop(): Promise<void>;
}

export async function waitFor<T>(
  check: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function startChaosStack(): Promise<ChaosStack> {
  const services = await startChaosServices();
  const emulator = await startTrustedEmulator();
  const key = { id: 'chaos', key: randomBytes(32) };
  const queuePrefix = 'chaos';
  const core = createCore(
    {
      databaseUrl: services.appUrl,
      redisUrl: services.redisUrl,
      encryptionKeys: [key],
      logLevel: 'silent',
      nodeEnv: 'test',
      microsoft: { authorityHost: emulator.emu.url, graphBaseUrl: emulator.emu.url },
      queuePrefix,
    },
    { logger: createLogger({ level: 'silent' }) },
  );
  const admin = openAdmin(services.adminUrl);
  // Idle connections lose their server when a scenario kills Postgres; the next query reconnects.
  admin.pool.on('error', () => undefined);
  const apiPort = await findFreePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const base: AppEnvBase = {
    databaseUrl: services.appUrl,
    redisUrl: services.redisUrl,
    encryptionKeys: `chaos:${key.key.toString('base64')}`,
    emulator: { url: emulator.emu.url, caCertPem: emulator.emu.caCertPem },
    queuePrefix,
  };
  const processes: AppProcess[] = [];
  let workers = 0;

  const graphql = async <T>(
    bearer: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T> => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (!body.data || body.errors)
      throw new Error(`GraphQL failed (${res.status}): ${JSON.stringify(body.errors)}`);
    return body.data;
  };

  const stack: ChaosStack = {
    services,
    emulator,
    core,
    admin,
    apiUrl,
    processes,
    startWorker(extra = {}) {
      workers += 1;
      const worker = startAppProcess(
        'worker',
        base,
        { LOG_LEVEL: 'info', ...WORKER_SETTINGS, ...extra },
        `worker-${workers}`,
      );
      processes.push(worker);
      return worker;
    },
    startApi() {
      const api = startAppProcess('api', base, {
        LOG_LEVEL: 'warn',
        PORT: String(apiPort),
        CALSYNC_ADMIN_API_KEY: ADMIN_KEY,
        CALSYNC_RATE_LIMIT_PER_MINUTE: '100000',
      });
      processes.push(api);
      return api;
    },
    async seedTenant(slug, addresses, app) {
      const seed = emulator.emu.state.seedSummary!;
      const created = await graphql<{ createTenant: { tenant: { id: string }; apiKeySecret: string } }>(
        ADMIN_KEY,
        `
          mutation ($input: CreateTenantInput!) {
            createTenant(input: $input) {
              tenant {
                id
              }
              apiKeySecret
            }
          }
        `,
        { input: { name: `Chaos ${slug}`, slug } },
      );
      const tenantId = created.createTenant.tenant.id;
      const seeded = await seedConnector(services.adminUrl, core.secretBox, {
        slug,
        tenantId,
        azureTenantId: app?.azureTenantId ?? seed.tenantId,
        clientId: app?.clientId ?? seed.clientId,
        clientSecret: app?.clientSecret ?? seed.clientSecret,
        addresses: [...addresses],
      });
      const directory = new Map(
        (await emulator.emu.control.listMailboxes()).map((m) => [m.address.toLowerCase(), m.id]),
      );
      return {
        tenantId,
        connectorId: seeded.connectorId,
        key: created.createTenant.apiKeySecret,
        mailboxes: addresses.map((address) => ({
          address,
          emuId: directory.get(address.toLowerCase())!,
          mailboxId: seeded.mailboxIds.get(address.toLowerCase())!,
        })),
      };
    },
    async enqueue(tenant, mode) {
      await enqueueMailboxSyncs(
        core,
        tenant.mailboxes.map((m) => ({
          tenantId: tenant.tenantId,
          connectorId: tenant.connectorId,
          mailboxId: m.mailboxId,
          mode,
          trigger: 'MANUAL' as const,
        })),
      );
    },
    async waitSynced(mailboxIds, since, timeoutMs) {
      const started = Date.now();
      await waitFor(
        async () => {
          const res = await admin.pool.query<{ n: number }>(
            `select count(*)::int as n from mailboxes m where id = any($1::uuid[])
               and cursor is not null and resume_cursor is null and sync_status = 'OK'
               and exists (select 1 from sync_runs r where r.mailbox_id = m.id and r.status = 'SUCCEEDED'
                           and r.finished_at >= $2)`,
            [mailboxIds, since],
          );
          return res.rows[0]!.n === mailboxIds.length;
        },
        timeoutMs,
        `${mailboxIds.length} mailboxes to be in sync`,
        250,
      ).catch(async (error: Error) => {
        const states = await admin.pool.query(
          `select sync_status, cursor is not null as has_delta, resume_cursor is not null as open_round,
                  left(coalesce(last_error, ''), 120) as error, count(*)::int as n
           from mailboxes where id = any($1::uuid[]) group by 1, 2, 3, 4`,
          [mailboxIds],
        );
        const jobs = await core.queues.sync.getJobCounts();
        // The stragglers with their latest run, so a failure says where each one stopped.
        const behind = await admin.pool.query(
          `select m.id, m.sync_status, r.status as run, r.error_code, r.started_at, r.finished_at
           from mailboxes m left join lateral (select * from sync_runs r where r.mailbox_id = m.id
             order by r.started_at desc limit 1) r on true
           where m.id = any($1::uuid[]) and not (m.cursor is not null and m.resume_cursor is null
             and m.sync_status = 'OK' and r.status = 'SUCCEEDED' and r.finished_at >= $2)
           limit 3`,
          [mailboxIds, since],
        );
        throw new Error(
          `${error.message}; mailboxes ${JSON.stringify(states.rows)}; sync jobs ${JSON.stringify(jobs)}; ` +
            `behind ${JSON.stringify(behind.rows)}`,
        );
      });
      return Date.now() - started;
    },
    async expectExact(mailboxes) {
      let rows = 0;
      for (const m of mailboxes) {
        const state = await admin.mailbox(m.mailboxId);
        assert.notEqual(state.cursor, null, `${m.address} has no delta cursor`);
        assert.equal(state.resumeCursor, null, `${m.address} has an unfinished round`);
        const expected = expectedEvents(emulator.emu, m.emuId, {
          start: state.windowStart!,
          end: state.windowEnd!,
        });
        const stored = await admin.events(m.mailboxId);
        assert.deepEqual(
          Object.fromEntries(stored),
          Object.fromEntries(expected),
          `${m.address} differs from Graph`,
        );
        const counts = await admin.eventCount(m.mailboxId);
        assert.equal(counts.rows, counts.distinctSourceIds, `${m.address} has duplicated rows`);
        rows += counts.rows;
      }
      return rows;
    },
    graphql,
    async readyz() {
      const res = await fetch(`${apiUrl}/readyz`).catch(() => null);
      return res?.status ?? 0;
    },
    async stop() {
      await Promise.all(processes.map((p) => p.stop('SIGKILL')));
      await admin.close();
      await core.close();
      await emulator.stop();
      await services.stop();
    },
  };
  return stack;
}
