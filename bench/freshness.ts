/**
 * Freshness with Graph change notifications (issue 11). Run by hand:
 *   npx tsx bench/freshness.ts [--mailboxes 200] [--events 50] [--rate 2] [--seconds 60] [--baseline 20]
 * Starts a throwaway Postgres + Redis, the emulator in scale mode (N rooms × M events), the API in this
 * process listening as CALSYNC_PUBLIC_URL and the REAL worker as a child process. Once every mailbox is
 * synced and subscribed, the emulator changes events at a steady rate (creations and renames in random
 * rooms) and the bench times, per change, from the change in the emulator to
 *  (a) visible through GraphQL `events` (polled every 50 ms) and
 *  (b) pushed on the GraphQL `eventChanged` subscription (one websocket, every mailbox);
 * baseline in the same run: the same changes with notifications dropped by the emulator, each followed at
 * once by a `syncMailbox` mutation (the fastest a poller can be: the delta round alone).
 * Graph budget, from the emulator's request log in the same run: requests per mailbox-hour at 1 % of the
 * events changing per hour for (1) notifications + the 6-hour safety net, (2) polling every 15 minutes
 * (the default interval), (3) a full calendarView re-list every 5 minutes.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '@calsync/api';
import { createHttpsClient } from '@calsync/graph-emulator';
import { findFreePort } from '../scripts/lib/free-port.ts';
import { waitFor } from '../tests/e2e/sync/support/worker-process.ts';
import { connectGraphqlWs } from '../tests/support/graphql-ws-client.ts';
import { connectOwner, startBenchServices, startBenchWorker } from './bench-services.ts';
import { startScaleOrganisation } from './scale-organisation.ts';

const { values } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '200' },
    events: { type: 'string', default: '50' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '20' },
  },
});
const mailboxCount = Number(values.mailboxes);
const perMailbox = Number(values.events);
const changesPerSecond = Number(values.rate);
const changeCount = Math.round(changesPerSecond * Number(values.seconds));
const baselineCount = Number(values.baseline);
const ADMIN_KEY = 'bench-platform-admin-key-0123456789';
const SAFETY_POLL_HOURS = 6;
const POLL_MINUTES = 15;
const RELIST_MINUTES = 5;
/** Renewal once half of the 4,230-minute lifetime is used (docs/graph-notifications.md). */
const RENEWAL_HOURS = 4230 / 60 / 2;
const log = (message: string): void => console.log(`[freshness] ${message}`);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(label: string, ms: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const s = { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  log(
    `${label}: p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms (${ms.length} changes)`,
  );
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const services = await startBenchServices('freshness');
  const { workDir, appUrl, redisUrl, stops } = services;
  try {
    const apiPort = await findFreePort();
    const publicUrl = `http://127.0.0.1:${apiPort}`;

    log(`scale organisation: ${mailboxCount} rooms × ${perMailbox} events; API and emulator in this process`);
    const {
      emu,
      summary: seed,
      addresses,
      key,
      core,
    } = await startScaleOrganisation({
      workDir,
      appUrl,
      redisUrl,
      mailboxes: mailboxCount,
      eventsPerMailbox: perMailbox,
      stops,
      core: { notifications: { publicUrl, safetyPollIntervalMs: SAFETY_POLL_HOURS * 3_600_000 } },
    });
    const app = await buildApp({
      config: {
        core: core.config,
        host: '127.0.0.1',
        port: apiPort,
        adminApiKey: ADMIN_KEY,
        introspection: false,
        rateLimitPerMinute: 1_000_000,
      },
      core,
    });
    await app.listen({ port: apiPort, host: '127.0.0.1' });
    stops.unshift(() => app.close());

    const graphql = async <T = any>(bearer: string, query: string, variables?: unknown): Promise<T> => {
      const res = await fetch(`${publicUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const tenant = await graphql(
      ADMIN_KEY,
      `
        mutation {
          createTenant(input: { name: "Freshness", slug: "freshness" }) {
            apiKeySecret
          }
        }
      `,
    );
    const apiKey: string = tenant.createTenant.apiKeySecret;
    const gql = <T = any>(query: string, variables?: unknown) => graphql<T>(apiKey, query, variables);
    const connector = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'Scale',
          azureTenantId: seed.tenantId,
          clientId: seed.clientId,
          clientSecret: seed.clientSecret,
          syncWindow: { pastDays: 7, futureDays: 60 },
        },
      },
    );
    const added = await gql<{ addMailboxes: Array<{ id: string; address: string }> }>(
      `mutation($c: ID!, $a: [String!]!) { addMailboxes(connectorId: $c, addresses: $a) { id address } }`,
      { c: connector.createConnector.id, a: addresses },
    );
    const mailboxIdOf = new Map(added.addMailboxes.map((m) => [m.address.toLowerCase(), m.id]));

    const worker = startBenchWorker(services, {
      encryptionKeys: `bench:${key.toString('base64')}`,
      emulatorUrl: emu.url,
      caCertPem: emu.caCertPem,
      syncConcurrency: 16,
      connectorConcurrency: 4,
      publicUrl,
    });
    const owner = await connectOwner(services);
    const count = async (sql: string, params: unknown[] = []): Promise<number> =>
      (await owner.query<{ n: number }>(sql, params)).rows[0]!.n;

    const setupTimer = performance.now();
    for (const address of addresses) {
      await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, {
        id: mailboxIdOf.get(address.toLowerCase()),
      });
    }
    await waitFor(
      async () =>
        (await count("select count(*)::int as n from graph_subscriptions where status = 'ACTIVE'")) >=
        mailboxCount,
      30 * 60_000,
      `every mailbox subscribed; worker output:\n${worker.output()}`,
    );
    const storedEvents = await count('select count(*)::int as n from events');
    log(
      `initial sync + subscriptions: ${storedEvents} events, ${mailboxCount} subscriptions in ${((performance.now() - setupTimer) / 1000).toFixed(1)} s`,
    );
    await sleep(2_000);

    // One websocket for every mailbox of the tenant: (b) pushed on eventChanged.
    const pushedAt = new Map<string, number>();
    const ws = await connectGraphqlWs(`${publicUrl.replace('http', 'ws')}/graphql`, {
      authorization: `Bearer ${apiKey}`,
    });
    stops.unshift(() => Promise.resolve(ws.close()));
    await ws.next((m) => m.type === 'connection_ack');
    ws.send({
      id: 'fresh',
      type: 'subscribe',
      payload: { query: `subscription { eventChanged { kind event { subject } } }` },
    });
    const onPush = (message: any): void => {
      const subject = message?.payload?.data?.eventChanged?.event?.subject;
      if (typeof subject === 'string' && !pushedAt.has(subject)) pushedAt.set(subject, performance.now());
    };
    const seenMessages = { n: 0 };
    const drainPushes = setInterval(() => {
      for (; seenMessages.n < ws.messages.length; seenMessages.n++) onPush(ws.messages[seenMessages.n]);
    }, 5);
    stops.unshift(() => Promise.resolve(clearInterval(drainPushes)));

    const window = {
      start: new Date(Date.now() - 7 * 86_400_000),
      end: new Date(Date.now() + 60 * 86_400_000),
    };
    const visible = async (address: string, subject: string, deadlineMs: number): Promise<number> => {
      for (;;) {
        const res = await gql(
          `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e, first: 500) { nodes { subject } } }`,
          { a: [address], s: window.start.toISOString(), e: window.end.toISOString() },
        );
        if (res.events.nodes.some((n: { subject: string | null }) => n.subject === subject))
          return performance.now();
        if (performance.now() > deadlineMs) return Number.NaN;
        await sleep(50);
      }
    };
    // Events created by this bench, per room, so the next change there can be a rename.
    const created = new Map<string, string[]>();
    const change = async (i: number, label: string): Promise<{ address: string; subject: string }> => {
      const address = addresses[Math.floor(Math.random() * addresses.length)]!;
      const subject = `${label} ${i}`;
      const mine = created.get(address) ?? [];
      if (mine.length > 0 && i % 2 === 1) {
        await emu.control.renameEvent(address, mine[mine.length - 1]!, subject);
      } else {
        const start = new Date(Date.now() + (1 + (i % 50)) * 86_400_000);
        start.setUTCHours(7 + (i % 10), 0, 0, 0);
        const e = await emu.control.createEvent(address, {
          subject,
          start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
          end: {
            dateTime: new Date(start.getTime() + 1_800_000).toISOString().slice(0, 19),
            timeZone: 'UTC',
          },
        });
        created.set(address, [...mine, e.id]);
      }
      return { address, subject };
    };

    // Phase 1: notifications at a steady rate.
    const mailboxRequests = () => emu.state.requestLog.query().filter((e) => e.mailbox !== null).length;
    const requestsBefore = mailboxRequests();
    const runsBefore = await count('select count(*)::int as n from sync_runs');
    const visibleMs: number[] = [];
    const changedAt = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const phaseTimer = performance.now();
    log(`notifications: ${changeCount} changes at ${changesPerSecond}/s`);
    for (let i = 0; i < changeCount; i++) {
      const due = phaseTimer + (i * 1000) / changesPerSecond;
      if (due > performance.now()) await sleep(due - performance.now());
      const t0 = performance.now();
      const { address, subject } = await change(i, 'fresh');
      changedAt.set(subject, t0);
      pending.push(visible(address, subject, t0 + 60_000).then((at) => void visibleMs.push(at - t0)));
    }
    await Promise.all(pending);
    await sleep(2_000);
    const pushedMs = [...changedAt].map(([subject, t0]) => (pushedAt.get(subject) ?? Number.NaN) - t0);
    const notifiedRequests = mailboxRequests() - requestsBefore;
    const notifiedRuns = (await count('select count(*)::int as n from sync_runs')) - runsBefore;
    const lost = visibleMs.filter((v) => Number.isNaN(v)).length;
    const notVisible = visibleMs.filter((v) => !Number.isNaN(v));
    const notPushed = pushedMs.filter((v) => !Number.isNaN(v));
    const notifiedVisible = summary('(a) visible through GraphQL events', notVisible);
    const notifiedPushed = summary('(b) pushed on eventChanged', notPushed);
    if (lost > 0 || notPushed.length < pushedMs.length) {
      log(`not visible within 60 s: ${lost}; never pushed: ${pushedMs.length - notPushed.length}`);
    }

    // Baseline: notifications dropped, each change followed at once by syncMailbox.
    await emu.control.setNotificationSettings({ faults: { dropRate: 1 } });
    const baselineMs: number[] = [];
    for (let i = 0; i < baselineCount; i++) {
      const t0 = performance.now();
      const { address, subject } = await change(i, 'manual');
      await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, {
        id: mailboxIdOf.get(address.toLowerCase()),
      });
      baselineMs.push((await visible(address, subject, t0 + 60_000)) - t0);
    }
    await emu.control.setNotificationSettings({ faults: { dropRate: 0 } });
    const baseline = summary('baseline: change + syncMailbox at once, visible through GraphQL', baselineMs);
    log(
      `ratio notifications / baseline (visible): p50 ${(notifiedVisible.p50 / baseline.p50).toFixed(2)}, p95 ${(notifiedVisible.p95 / baseline.p95).toFixed(2)}; pushed p95 / visible p95 ${(notifiedPushed.p95 / notifiedVisible.p95).toFixed(2)}`,
    );

    // Graph budget. An unchanged delta round (what the safety net and every quiet poll cost):
    await sleep(1_500);
    const sample = addresses.slice(0, Math.min(20, addresses.length));
    const unchangedStart = new Date();
    let seq = emu.state.requestLog.query().at(-1)?.seq ?? 0;
    for (const address of sample) {
      await gql(`mutation($id: ID!) { syncMailbox(id: $id) { enqueued } }`, {
        id: mailboxIdOf.get(address.toLowerCase()),
      });
    }
    await waitFor(
      async () =>
        (await count(
          'select count(*)::int as n from sync_runs where started_at >= $1 and finished_at is not null',
          [unchangedStart],
        )) >= sample.length,
      120_000,
      'the unchanged rounds',
    );
    const unchangedPerRound =
      emu.state.requestLog.query({ afterSeq: seq }).filter((e) => e.mailbox !== null).length / sample.length;
    // A full re-list of the sync window through calendarView, paged at 100, as a platform without delta does.
    seq = emu.state.requestLog.query().at(-1)?.seq ?? 0;
    const http = createHttpsClient(emu.caCertPem);
    stops.unshift(() => Promise.resolve(http.close()));
    const tokenRes = await http.send(`${emu.url}/${seed.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: seed.clientId,
        client_secret: seed.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const token = (tokenRes.json as { access_token: string }).access_token;
    for (const address of sample) {
      let next: string | undefined =
        `${emu.url}/v1.0/users/${encodeURIComponent(address)}/calendarView?startDateTime=${window.start.toISOString()}&endDateTime=${window.end.toISOString()}&$top=100`;
      while (next) {
        const page = await http.send(next, { headers: { authorization: `Bearer ${token}` } });
        next = (page.json as { '@odata.nextLink'?: string })['@odata.nextLink'];
      }
    }
    const relistPerRound =
      emu.state.requestLog.query({ afterSeq: seq }).filter((e) => e.mailbox !== null).length / sample.length;

    const perChange = notifiedRequests / changeCount;
    const changesPerMailboxHour = 0.01 * (storedEvents / mailboxCount);
    const push =
      changesPerMailboxHour * perChange + unchangedPerRound / SAFETY_POLL_HOURS + 1 / RENEWAL_HOURS;
    const polling =
      (60 / POLL_MINUTES) * unchangedPerRound +
      changesPerMailboxHour * Math.max(0, perChange - unchangedPerRound);
    const relist = (60 / RELIST_MINUTES) * relistPerRound;
    log(
      `measured: ${perChange.toFixed(2)} Graph requests per notified change (${notifiedRequests} requests, ${notifiedRuns} sync rounds for ${changeCount} changes); ` +
        `unchanged delta round ${unchangedPerRound.toFixed(2)}; full re-list ${relistPerRound.toFixed(2)} requests per mailbox`,
    );
    log(
      `Graph requests per mailbox-hour at 1 % of ${(storedEvents / mailboxCount).toFixed(0)} events changing per hour: ` +
        `(1) notifications + ${SAFETY_POLL_HOURS} h safety net ${push.toFixed(3)}; (2) polling every ${POLL_MINUTES} min ${polling.toFixed(2)}; ` +
        `(3) re-list every ${RELIST_MINUTES} min ${relist.toFixed(2)}`,
    );
    log(
      `ratios: (1)/(3) ${(push / relist).toFixed(4)} (goal ≤ 0.1); (2)/(3) ${(polling / relist).toFixed(3)}; (1)/(2) ${(push / polling).toFixed(3)}`,
    );
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await services.close();
  }
}

await main();
