/**
 * Postgres cost of the page write path alone (issue 18 goal 1). Run by hand:
 *   npx tsx bench/page-upsert.ts [--mailboxes 20] [--events 1000] [--page 200] [--explain]
 * Starts a throwaway Postgres (pg_stat_statements preloaded), migrates it, and drives the real
 * `applyPage` as the app role, one page at a time on one connection (no Graph, no worker, no other
 * writer), over the three kinds of round a mailbox sees:
 *  - initial sync: every event new (INSERT path, change log CREATED), re-keying on, sweep at the end;
 *  - full round: a rewrite of every row (new generation, same content: no change logged), sweep;
 *  - unchanged: the same pages again (same change key and generation: no row written).
 * It prints, per round and per event: wall time, Postgres active time, the CPU of the one backend that
 * wrote (bench/process-cpu.ts: steadier than time on a loaded machine, it counts no wait for a core),
 * the whole server's CPU (autovacuum and the checkpointer too) and this process's, then the top statements.
 * Rows look like the scale organisation's (bench/scale-organisation.ts): ~10% weekly series.
 * `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of one more initial page and one full-round page.
 */
import { randomUUID } from 'node:crypto';
import { loadavg as loadavg_ } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { applyPage, createDatabase, type SourceEvent } from '@calsync/core';
import { parseBenchArgs, startBenchServices } from './bench-services.ts';
import { postmasterPid, processCpuSeconds, treeCpuSeconds } from './process-cpu.ts';
import { resetStatementStats, statementCosts, statementStatsServer } from './statement-costs.ts';

const {
  mailboxes: mailboxCount,
  events: perMailbox,
  page: pageSize,
  explain,
} = parseBenchArgs({ mailboxes: 20, events: 1000, page: 200 }, [], ['explain']);
const log = (message: string): void => console.log(`[bench] ${message}`);

/** One mailbox's events, shaped like the scale organisation's: subject, organizer, one location. */
function mailboxEvents(m: number): SourceEvent[] {
  const rows: SourceEvent[] = [];
  const day0 = Date.UTC(2026, 11, 1);
  const displayName = `Scale Room ${m}`;
  for (let e = 0; rows.length < perMailbox; e++) {
    const series = e % 10 === 0;
    const start = day0 + ((e * 7919) % 67) * 86_400_000 + (7 + (e % 10)) * 3_600_000;
    const common = {
      iCalUId: `ical-${m}-${e}`,
      subject: `Meeting ${e}`,
      isAllDay: false,
      timeZone: 'Europe/Berlin',
      showAs: 'BUSY' as const,
      sensitivity: 'NORMAL' as const,
      isCancelled: false,
      organizer: { name: 'Scale Organizer', address: 'organizer@scale.example' },
      attendees: [],
      location: displayName,
      locations: [{ displayName, address: null, uri: null }],
      onlineMeeting: null,
      categories: [],
      lastModifiedAt: new Date(day0),
    };
    const occurrences = series ? 8 : 1;
    for (let o = 0; o < occurrences && rows.length < perMailbox; o++) {
      const startAt = new Date(start + o * 7 * 86_400_000);
      rows.push({
        ...common,
        sourceId: series ? `AAMk-${m}-${e}-occ-${o}` : `AAMk-${m}-${e}`,
        type: series ? 'OCCURRENCE' : 'SINGLE_INSTANCE',
        seriesMasterId: series ? `AAMk-${m}-${e}-master` : null,
        startAt,
        endAt: new Date(startAt.getTime() + 1_800_000),
        changeKey: `ck-${m}-${e}`,
      });
    }
  }
  return rows;
}

interface Mailbox {
  id: string;
  rows: SourceEvent[];
}

async function seed(adminUrl: string): Promise<{ tenantId: string; mailboxes: Mailbox[] }> {
  const tenantId = randomUUID();
  const connectorId = randomUUID();
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`insert into tenants (id, slug, name) values ($1, 'bench', 'bench')`, [tenantId]);
    await c.query(
      `insert into connectors (tenant_id, id, name, settings, credential_kind, credential_ciphertext,
         credential_hint, status)
       values ($1, $2, 'bench', $3, 'CLIENT_SECRET', 'v1:k1:opaque', 'abcd', 'HEALTHY')`,
      [tenantId, connectorId, { cloud: 'GLOBAL', azureTenantId: randomUUID(), clientId: randomUUID() }],
    );
    const mailboxes: Mailbox[] = [];
    for (let m = 0; m < mailboxCount; m++) {
      const res = await c.query<{ id: string }>(
        `insert into mailboxes (tenant_id, connector_id, address) values ($1, $2, $3) returning id`,
        [tenantId, connectorId, `room-${m}@scale.example`],
      );
      mailboxes.push({ id: res.rows[0]!.id, rows: mailboxEvents(m) });
    }
    return { tenantId, mailboxes };
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  // Postgres alone: applyPage needs no queue.
  const services = await startBenchServices('page', { redis: false, ...statementStatsServer });
  const { workDir, adminUrl, appUrl } = services;
  try {
    const { tenantId, mailboxes } = await seed(adminUrl);
    const app = createDatabase(appUrl, { max: 1 });
    const owner = new pg.Client({ connectionString: adminUrl });
    await owner.connect();
    const pgPid = postmasterPid(join(workDir, 'pgdata'));
    const cursors = new Map<string, { generation: number; cursor: string | null }>();
    for (const m of mailboxes) cursors.set(m.id, { generation: 0, cursor: null });

    const pages = (m: Mailbox): SourceEvent[][] => {
      const out: SourceEvent[][] = [];
      for (let i = 0; i < m.rows.length; i += pageSize) out.push(m.rows.slice(i, i + pageSize));
      return out;
    };
    let cursorCount = 0;
    /** One round over every mailbox: its pages in order, the last one final (with the sweep on a full round). */
    async function round(name: string, full: boolean, rekey: boolean): Promise<void> {
      if (full) await owner.query('update mailboxes set generation = generation + 1');
      await owner.query('checkpoint');
      await resetStatementStats(owner);
      const activeBefore = await activeTimeMs(owner);
      const backend = Number(
        (await app.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid,
      );
      const backendBefore = processCpuSeconds(backend);
      const cpuBefore = treeCpuSeconds(pgPid);
      const nodeBefore = process.cpuUsage();
      const started = performance.now();
      let written = 0;
      let stored = 0;
      for (const m of mailboxes) {
        const state = cursors.get(m.id)!;
        if (full) state.generation += 1;
        const list = pages(m);
        let resume: string | null = null;
        for (const [i, upserts] of list.entries()) {
          const last = i === list.length - 1;
          const next = `c${++cursorCount}`;
          const applied = await applyPage(app.db, {
            tenantId,
            mailboxId: m.id,
            expected: { generation: state.generation, cursor: state.cursor, resumeCursor: resume },
            changes: { upserts, removals: [], seriesReplacements: [] },
            rekey,
            end: last
              ? { kind: 'final', cursor: next, sweep: full }
              : { kind: 'next', resumeCursor: next, roundKind: full ? 'FULL' : 'DELTA' },
          });
          written += applied.upserted.length;
          stored += upserts.length;
          if (last) {
            state.cursor = next;
            resume = null;
          } else resume = next;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = treeCpuSeconds(pgPid) - cpuBefore;
      const backendSeconds = processCpuSeconds(backend) - backendBefore;
      const node = process.cpuUsage(nodeBefore);
      const nodeSeconds = (node.user + node.system) / 1e6;
      const activeMs = (await activeTimeMs(owner)) - activeBefore;
      log(
        `${name}: ${stored.toLocaleString('en')} events (${written.toLocaleString('en')} written) in ${seconds.toFixed(2)} s; ` +
          `per event: ${((seconds * 1e6) / stored).toFixed(0)} µs wall, ${((activeMs * 1000) / stored).toFixed(0)} µs ` +
          `Postgres active, ${((backendSeconds * 1e6) / stored).toFixed(0)} µs CPU of the writing backend ` +
          `(${((cpuSeconds * 1e6) / stored).toFixed(0)} µs of the whole server, autovacuum included), ` +
          `${((nodeSeconds * 1e6) / stored).toFixed(0)} µs Node CPU (applyPage's side, as in the worker)`,
      );
      for (const line of await statementCosts(owner, stored, 6)) log(line);
    }

    log(`${mailboxCount} mailboxes × ${perMailbox} events, pages of ${pageSize}; load ${loadavg()}`);
    // As the worker runs them: the first sync is a full round that re-keys (no id type stored yet)
    // and sweeps; a later full round only sweeps; a delta round re-reading the same events does neither.
    await round('initial sync', true, true);
    await round('full round', true, false);
    await round('unchanged', false, false);
    log(`load ${loadavg()}`);
    if (explain) await explainPages(owner, appUrl, tenantId, mailboxes[0]!);
    await owner.end();
    await app.close();
  } finally {
    await services.close();
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of one new page and one rewritten page through applyPage itself: the
 * app role's sessions load auto_explain and receive its plans as LOG messages.
 */
async function explainPages(
  owner: pg.Client,
  appUrl: string,
  tenantId: string,
  mailbox: Mailbox,
): Promise<void> {
  for (const setting of [
    `session_preload_libraries = 'auto_explain'`,
    'auto_explain.log_min_duration = 0',
    'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on',
    'auto_explain.log_triggers = on',
    'auto_explain.log_nested_statements = on',
    'client_min_messages = log',
  ])
    await owner.query(`alter database calsync_bench set ${setting}`);
  const app = createDatabase(appUrl, { max: 1 });
  app.pool.on('connect', (client) =>
    client.on('notice', (n) => {
      if (/insert into events|update events|INSERT INTO public.event_change_pending/i.test(n.message ?? ''))
        console.log(n.message);
    }),
  );
  const apply = async (upserts: SourceEvent[], generation: number): Promise<void> => {
    const state = await owner.query<{ cursor: string | null }>('select cursor from mailboxes where id = $1', [
      mailbox.id,
    ]);
    await applyPage(app.db, {
      tenantId,
      mailboxId: mailbox.id,
      expected: { generation, cursor: state.rows[0]!.cursor, resumeCursor: null },
      changes: { upserts, removals: [], seriesReplacements: [] },
      end: { kind: 'final', cursor: `explain-${generation}-${upserts[0]!.sourceId}`, sweep: false },
    });
  };
  const generation = Number(
    (await owner.query<{ g: number }>('select generation as g from mailboxes where id = $1', [mailbox.id]))
      .rows[0]!.g,
  );
  log('EXPLAIN: a page of new events');
  await apply(
    mailbox.rows.slice(0, pageSize).map((r) => ({ ...r, sourceId: `new-${r.sourceId}` })),
    generation,
  );
  log('EXPLAIN: a full round page (new generation, same content)');
  await owner.query('update mailboxes set generation = generation + 1 where id = $1', [mailbox.id]);
  await apply(mailbox.rows.slice(0, pageSize), generation + 1);
  await app.close();
}

async function activeTimeMs(client: pg.Client): Promise<number> {
  const res = await client.query<{ t: number }>(
    'select active_time as t from pg_stat_database where datname = current_database()',
  );
  await client.query('select pg_stat_clear_snapshot()');
  return Number(res.rows[0]?.t ?? 0);
}

function loadavg(): string {
  return loadavg_()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

await main();
