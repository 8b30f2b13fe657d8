/**
 * Sync throughput against on-premises Exchange (issue 15), run as
 *   npx tsx bench/sync-throughput.ts --provider ews [--mailboxes 50] [--events 1000] [--concurrency 8] [--mutations 100]
 * Starts a throwaway Postgres + Redis, the EWS emulator seeded with the scale organisation (N room mailboxes × M
 * events, ~10 % weekly series), an EXCHANGE_ONPREM connector created through core as the API would, and the REAL
 * worker as a child process. Measured in the same run:
 *  1. calsync's initial sync of every mailbox (one connector tick) into Postgres: events/s, EWS requests;
 *  2. the emulator's drain of the same request sequence by a plain NTLM client at the same concurrency;
 *  3. after `--mutations` random edits in Exchange: the drain's delta round, then calsync's delta round
 *     (SyncFolderItems per mailbox; view + GetItem only where something changed): seconds and requests.
 * `--cpu-prof <dir>` writes a V8 CPU profile of the worker (node --cpu-prof) there.
 */
import { join } from 'node:path';
import { createConnector, createCore, createLogger, createTenant, enqueueConnectorTick } from '@calsync/core';
import { startEwsEmulator } from '@calsync/ews-emulator';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../tests/e2e/sync/support/worker-process.ts';
import { connectOwner, startBenchServices, startBenchWorker } from './bench-services.ts';
import { drainIncremental, drainInitial, type DrainResult, type EwsDrainTarget } from './ews-drain.ts';
import { requestsByOperation, syncSpan } from './ews-figures.ts';

export interface EwsBenchOptions {
  mailboxes: number;
  events: number;
  /** Mailbox jobs at once and the connector's EWS maxConcurrency (≤ 27, Exchange's EWSMaxConcurrency). */
  concurrency: number;
  mutations: number;
  cpuProfileDir?: string | undefined;
}

const log = (message: string): void => console.log(`[bench ews] ${message}`);
const perSecond = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en')}/s`;
const PAST_DAYS = 7;
const FUTURE_DAYS = 60;

function describeDrain(what: string, d: DrainResult): string {
  const r = d.requests;
  return (
    `${what}: ${d.items.toLocaleString('en')} items in ${d.seconds.toFixed(1)} s = ${perSecond(d.items, d.seconds)} ` +
    `(${r.SyncFolderItems} SyncFolderItems, ${r.FindItem} FindItem, ${r.GetItem} GetItem)`
  );
}

export async function runEwsSyncThroughput(o: EwsBenchOptions): Promise<void> {
  if (o.concurrency < 1 || o.concurrency > 27) throw new Error('--concurrency must be 1–27 for EWS');
  const services = await startBenchServices('ews');
  const { workDir, appUrl, redisUrl, stops } = services;
  try {
    const seeding = performance.now();
    const ews = await startEwsEmulator({
      dataDir: join(workDir, 'ews'),
      seed: 'bench',
      now: new Date(),
      scale: { mailboxes: o.mailboxes, eventsPerMailbox: o.events },
    });
    stops.unshift(() => ews.close());
    const monitor = ews.monitor!;
    const rooms = ews.state.directory
      .listMailboxes()
      .filter((m) => m.kind === 'room')
      .map((m) => m.address);
    log(
      `EWS emulator seeded with ${rooms.length} mailboxes × ${o.events} events in ` +
        `${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const key = randomBytes(32);
    const core = createCore(
      {
        databaseUrl: appUrl,
        redisUrl,
        encryptionKeys: [{ id: 'bench', key }],
        logLevel: 'silent',
        nodeEnv: 'test',
        microsoft: {},
      },
      { logger: createLogger({ level: 'silent' }) },
    );
    stops.unshift(() => core.close());
    const { tenant } = await createTenant(
      core.db,
      { role: 'PLATFORM_ADMIN', tenantId: null, keyId: null },
      { name: 'EWS bench', slug: 'ews-bench' },
    );
    const connector = await createConnector(
      core,
      { role: 'ADMIN', tenantId: tenant.id, keyId: 'bench' },
      {
        name: 'Scale Exchange',
        kind: 'EXCHANGE_ONPREM',
        exchangeOnPrem: {
          ewsUrl: ews.ewsUrl,
          username: monitor.domainUser,
          password: monitor.password,
          caBundlePem: ews.caCertPem,
          maxConcurrency: o.concurrency,
        },
        syncWindow: { pastDays: PAST_DAYS, futureDays: FUTURE_DAYS },
        // The bench's own ticks decide when rounds run.
        syncIntervalSeconds: 86_400,
        mailboxes: rooms,
      },
    );

    ews.state.requestLog.clear();
    // The worker's start-up may already run the first tick; the rate uses the span of the sync runs.
    const initialTick = new Date();
    startBenchWorker(services, {
      encryptionKeys: `bench:${key.toString('base64')}`,
      emulatorUrl: ews.url,
      caCertPem: ews.caCertPem,
      syncConcurrency: o.concurrency,
      // One connector holds every mailbox here; the fairness cap would otherwise be the bottleneck.
      connectorConcurrency: o.concurrency,
      ...(o.cpuProfileDir ? { nodeArgs: [`--cpu-prof`, `--cpu-prof-dir=${o.cpuProfileDir}`] } : {}),
    });
    const owner = await connectOwner(services);
    await new Promise((r) => setTimeout(r, 3000)); // worker start-up (tsx) is not part of the measurement

    const syncedSince = async (since: Date): Promise<boolean> => {
      const res = await owner.query<{ n: number }>(
        `select count(*)::int as n from mailboxes where last_synced_at >= $1 and sync_status = 'OK' and resume_cursor is null`,
        [since],
      );
      return res.rows[0]!.n === rooms.length;
    };

    // 1. calsync's initial sync.
    await enqueueConnectorTick(core, tenant.id, connector.id);
    await waitFor(() => syncedSince(initialTick), 30 * 60_000, 'every mailbox to sync');
    const initial = await syncSpan(owner, initialTick);
    const rows = Number(
      (await owner.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n,
    );
    const calsyncRate = rows / initial.seconds;
    log(
      `calsync initial sync: ${rows.toLocaleString('en')} events in ${initial.seconds.toFixed(1)} s = ` +
        `${perSecond(rows, initial.seconds)} (avg ${initial.perMailbox.toFixed(2)} s per mailbox); ` +
        `EWS requests ${requestsByOperation(ews.state.requestLog.query())}`,
    );

    // 2. The emulator's drain of the same sequence.
    const window = await owner.query<{ s: Date; e: Date }>(
      'select cursor_window_start as s, cursor_window_end as e from mailboxes limit 1',
    );
    const syncWindow = { start: window.rows[0]!.s, end: window.rows[0]!.e };
    const target: EwsDrainTarget = {
      ewsUrl: ews.ewsUrl,
      caCertPem: ews.caCertPem,
      user: monitor.samAccountName,
      password: monitor.password,
      concurrency: o.concurrency,
    };
    const drained = await drainInitial(target, rooms, syncWindow);
    log(describeDrain('emulator drain, initial (plain NTLM client, same concurrency)', drained));
    log(
      `ratio calsync / emulator drain (initial) = ${(calsyncRate / (drained.items / drained.seconds)).toFixed(2)}`,
    );

    // 3. Delta rounds after random edits: the drain first (it only reads), then calsync.
    const edits = await ews.control.mutateRandomly(o.mutations);
    log(`${edits.length} random edits in Exchange`);
    const drainedDelta = await drainIncremental(target, syncWindow, drained.mailboxes);
    log(describeDrain('emulator drain, delta round', drainedDelta));
    ews.state.requestLog.clear();
    const deltaTick = new Date();
    await enqueueConnectorTick(core, tenant.id, connector.id);
    await waitFor(() => syncedSince(deltaTick), 30 * 60_000, 'every mailbox to finish its delta round');
    const delta = await syncSpan(owner, deltaTick);
    log(
      `calsync delta round: ${delta.upserted} upserted, ${delta.deleted} removed in ${delta.seconds.toFixed(1)} s ` +
        `(${rooms.length} mailboxes); EWS requests ${requestsByOperation(ews.state.requestLog.query())}`,
    );
    log(
      `ratio calsync / emulator drain (delta round time) = ${(drainedDelta.seconds / delta.seconds).toFixed(2)}`,
    );
  } finally {
    await services.close();
  }
}
