// The compiled build as production runs it: `npm run build`, the runtime layout the image ships
// assembled outside the checkout, then plain `node` on its bundles (no tsx, no repository
// node_modules), against real Postgres, Redis and the HTTPS emulator. A connector is provisioned and
// synced through the compiled API and worker, then both /metrics are scraped the way Prometheus would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../scripts/lib/free-port.ts';
import {
  createTestDatabase,
  randomQueuePrefix,
  testRedisUrl,
  type TestDatabase,
} from '../../support/test-database.ts';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { waitFor } from '../sync/support/worker-process.ts';
import { buildLayout, directoryBytes, startCompiled, type CompiledProcess } from './compiled-layout.ts';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.ts';
import { traceTree } from './trace-tree.ts';
import { demoQueries } from '../../../scripts/demo/demo-queries.ts';

const adminKey = `admin-${randomBytes(16).toString('hex')}`;
let database: TestDatabase;
let emulator: TrustedEmulator;
let api: CompiledProcess;
let worker: CompiledProcess;
let apiUrl: string;
let workerUrl: string;
let scratch: string;
let layout: string;
let connectorId: string;
let tenantKey: string;
let receiver: OtlpReceiver;

async function gql<T = any>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const operationName = /^(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const answers = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
};

const scrape = async (url: string, key?: string): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${url}/metrics`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  return { status: res.status, text: await res.text() };
};

/** Sum of a metric's samples whose label set contains every given label. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`)))
      sum += Number(match[3]);
  }
  return sum;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'calsync-compiled-'));
  layout = join(scratch, 'app');
  buildLayout(layout);
  [database, emulator, receiver] = await Promise.all([
    createTestDatabase(),
    startTrustedEmulator(),
    startOtlpReceiver(),
  ]);
  const caFile = join(scratch, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.emu.caCertPem);
  const [apiPort, workerPort] = [await findFreePort(), await findFreePort()];
  const shared = {
    DATABASE_URL: database.appUrl,
    REDIS_URL: testRedisUrl(),
    CALSYNC_QUEUE_PREFIX: randomQueuePrefix(),
    CALSYNC_ENCRYPTION_KEYS: `c1:${randomBytes(32).toString('base64')}`,
    CALSYNC_ADMIN_API_KEY: adminKey,
    CALSYNC_AUTHORITY_HOST: emulator.emu.url,
    CALSYNC_GRAPH_BASE_URL: emulator.emu.url,
    NODE_EXTRA_CA_CERTS: caFile,
    // Tracing on through the standard variables, exported to the receiver above.
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  api = startCompiled(layout, 'apps/api/dist/main.js', {
    ...shared,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'info',
  });
  worker = startCompiled(layout, 'apps/worker/dist/main.js', {
    ...shared,
    WORKER_HOST: '127.0.0.1',
    WORKER_PORT: String(workerPort),
    LOG_LEVEL: 'debug',
  });
  apiUrl = `http://127.0.0.1:${apiPort}`;
  workerUrl = `http://127.0.0.1:${workerPort}`;
  await waitFor(() => answers(`${apiUrl}/readyz`), 60_000, `compiled API ready:\n${api.output()}`);
  await waitFor(() => answers(`${workerUrl}/readyz`), 60_000, `compiled worker ready:\n${worker.output()}`);
}, 600_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await emulator?.stop();
  await receiver?.close();
  await database?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('compiled API and worker', () => {
  it('run from a layout of bundles plus only the packages they read from disk', () => {
    expect(readdirSync(join(layout, 'node_modules')).sort()).toEqual([
      '@bull-board',
      'graphiql',
      'graphql',
      'react',
      'react-dom',
    ]);
    // The development node_modules is ~320 MB; a dependency creeping back into the layout shows here.
    expect(directoryBytes(layout)).toBeLessThan(50 * 1024 * 1024);
    // The image builds on Debian (glibc) and runs the layout on Alpine (musl): a native addon
    // compiled in the build stage would not load there.
    const addons = readdirSync(layout, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.node'),
    );
    expect(addons).toEqual([]);
  });

  it('serve health endpoints; metrics need the platform admin key on both ports', async () => {
    expect(await (await fetch(`${workerUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${workerUrl}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: true, redis: true, workers: true },
    });
    expect((await scrape(workerUrl)).status).toBe(401);
    expect((await scrape(workerUrl, 'not-the-admin-key-but-long-enough')).status).toBe(401);
    expect((await scrape(apiUrl)).status).toBe(401);
    expect((await fetch(`${workerUrl}/nothing-here`)).status).toBe(404);
    const queues = await fetch(`${apiUrl}/admin/queues`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(queues.status).toBe(200);
    expect(await queues.text()).toContain('calsync queues');
    const graphiql = await fetch(`${apiUrl}/graphiql/assets/graphiql.min.js`);
    expect(graphiql.status).toBe(200);
  });

  it('sync a connector provisioned through GraphQL and count it in both /metrics', async () => {
    const { createTenant } = await gql(
      adminKey,
      `mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { apiKeySecret } }`,
      { input: { name: 'Compiled', slug: 'compiled' } },
    );
    const key: string = createTenant.apiKeySecret;
    tenantKey = key;
    const seed = emulator.emu.state.seedSummary!;
    const { createConnector } = await gql(
      key,
      `mutation CreateConnector($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'Contoso',
          azureTenantId: seed.tenantDomain,
          clientId: seed.clientId,
          clientSecret: seed.clientSecret,
          syncWindow: { pastDays: 7, futureDays: 30 },
        },
      },
    );
    connectorId = createConnector.id;
    await gql(key, `mutation DiscoverRooms($id: ID!) { discoverRooms(connectorId: $id) { address } }`, {
      id: connectorId,
    });
    const { syncConnector } = await gql(
      key,
      `mutation SyncConnector($id: ID!) { syncConnector(id: $id, full: true) { enqueued } }`,
      { id: connectorId },
    );
    expect(syncConnector.enqueued).toBeGreaterThan(5);
    const list = `query Mailboxes($c: ID!) { mailboxes(connectorId: $c, first: 100) { nodes { syncStatus } } }`;
    await waitFor(
      async () =>
        (await gql(key, list, { c: connectorId })).mailboxes.nodes.every((m: any) => m.syncStatus === 'OK'),
      120_000,
      `every mailbox synced by the compiled worker:\n${worker.output()}`,
    );

    const workerMetrics = await scrape(workerUrl, adminKey);
    expect(workerMetrics.status).toBe(200);
    const w = workerMetrics.text;
    expect(
      sample(w, 'calsync_sync_runs_total', { outcome: 'succeeded', kind: 'FULL' }),
    ).toBeGreaterThanOrEqual(syncConnector.enqueued);
    expect(sample(w, 'calsync_sync_pages_total')).toBeGreaterThanOrEqual(syncConnector.enqueued);
    expect(sample(w, 'calsync_sync_events_written_total', { change: 'upserted' })).toBeGreaterThan(20);
    expect(sample(w, 'calsync_graph_requests_total', { method: 'GET', status: '200' })).toBeGreaterThan(5);
    expect(sample(w, 'calsync_graph_request_duration_seconds_count', { method: 'GET' })).toBeGreaterThan(5);
    expect(sample(w, 'calsync_queue_jobs', { queue: 'sync', state: 'waiting' })).toBe(0);
    expect(w).toMatch(/^calsync_queue_oldest_waiting_job_age_seconds\{queue="sync"\} \d/m);
    expect(sample(w, 'calsync_sync_lag_seconds_count')).toBe(syncConnector.enqueued);
    expect(sample(w, 'calsync_sync_lag_worst_seconds', { rank: '1' })).toBeLessThan(300);
    expect(w).toMatch(/^calsync_worker_process_resident_memory_bytes \d/m);

    const apiMetrics = await scrape(apiUrl, adminKey);
    expect(apiMetrics.status).toBe(200);
    expect(
      sample(apiMetrics.text, 'calsync_graphql_request_duration_seconds_count', { operation: 'Mailboxes' }),
    ).toBeGreaterThan(0);
    expect(
      sample(apiMetrics.text, 'calsync_graphql_request_duration_seconds_count', {
        operation: 'CreateConnector',
      }),
    ).toBe(1);
  });

  it("serve the queries the demo's closing screen tells people to paste", async () => {
    const listed = await gql(tenantKey, `{ mailboxes(first: 100) { nodes { address kind } } }`);
    const room: string = listed.mailboxes.nodes.find((m: any) => m.kind === 'ROOM').address;
    const q = demoQueries(room);
    const nowNext = await gql(tenantKey, q.nowNext);
    expect(nowNext.mailbox.displayName).toEqual(expect.any(String));
    const day = await gql(tenantKey, q.day);
    expect(day.events.nodes).toEqual(expect.any(Array));
    const availability = await gql(tenantKey, q.availability);
    expect(availability.availability).toEqual([expect.objectContaining({ address: room, known: true })]);
    const free = await gql(tenantKey, q.freeRoom);
    // How many rooms are free depends on the seed and the hour; the query must be served whole.
    expect(free.findRooms).toEqual({ totalCount: expect.any(Number), nodes: expect.any(Array) });
    const overview = await gql(tenantKey, q.overview);
    expect(overview.viewer.tenant.name).toBe('Compiled');
    expect(overview.mailboxes.nodes.every((m: any) => m.syncStatus === 'OK')).toBe(true);
  });

  it('log one JSON line per event, with the tenant, connector, mailbox and job of the work', () => {
    const lines = (text: string): Record<string, unknown>[] =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const tenantId = /^[0-9a-f-]{36}$/;
    const syncs = lines(worker.output()).filter(
      (line) =>
        line.msg === 'job completed' && line.job === 'mailbox.sync' && line.connectorId === connectorId,
    );
    expect(syncs.length).toBeGreaterThan(5);
    for (const line of syncs) {
      expect(line).toMatchObject({
        tenantId: expect.stringMatching(tenantId),
        mailboxId: expect.any(String),
      });
      expect(line.jobId).toEqual(expect.any(String));
    }
    expect(new Set(syncs.map((line) => line.mailboxId)).size).toBe(syncs.length);
    const requests = lines(api.output()).filter(
      (line) => line.msg === 'request completed' && typeof line.tenantId === 'string',
    );
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.every((line) => tenantId.test(String(line.tenantId)))).toBe(true);
  });

  it('export one trace from the syncConnector mutation through each queued job to its Graph calls and SQL', async () => {
    const SERVER = 2;
    const CONSUMER = 5;
    const CLIENT = 3;
    let mutation: (typeof receiver.spans)[number] | undefined;
    await waitFor(
      () => {
        mutation = receiver.spans.find(
          (s) => s.kind === SERVER && s.attributes['graphql.operation.name'] === 'SyncConnector',
        );
        return Promise.resolve(mutation !== undefined);
      },
      30_000,
      'the SyncConnector request span',
    );
    const { traceId, spanId, service } = mutation!;
    expect(service).toBe('calsync-api');
    expect(mutation!.name).toBe('POST /graphql');
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const jobs = () => inTrace().filter((s) => s.kind === CONSUMER && s.name === 'mailbox.sync process');
    // The mutation's jobs (a mailbox whose sync DiscoverRooms had queued already keeps that job,
    // and its trace) run as children of the mutation's span.
    await waitFor(() => Promise.resolve(jobs().length > 0), 30_000, 'the mailbox.sync job spans');
    for (const job of jobs()) {
      expect(job.service).toBe('calsync-worker');
      expect(job.parentSpanId).toBe(spanId);
    }
    const jobIds = new Set(jobs().map((s) => s.spanId));
    await waitFor(
      () => {
        const children = inTrace().filter((s) => jobIds.has(s.parentSpanId) && s.kind === CLIENT);
        return Promise.resolve(
          children.some((s) => s.name.startsWith('GET ')) && children.some((s) => s.name.startsWith('pg ')),
        );
      },
      30_000,
      'Graph and SQL spans under the job spans',
    );
    const graphCall = inTrace().find((s) => jobIds.has(s.parentSpanId) && s.name.startsWith('GET '))!;
    expect(graphCall.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
    });
    expect(JSON.stringify(graphCall.attributes)).not.toContain('deltatoken');
    const sql = inTrace().find((s) => jobIds.has(s.parentSpanId) && s.name.startsWith('pg '))!;
    expect(sql.attributes['db.system.name']).toBe('postgresql');
    // The API's own statements for the mutation belong to the same trace.
    expect(inTrace().some((s) => s.parentSpanId === spanId && s.name.startsWith('pg '))).toBe(true);
    // The job's log lines carry the trace id.
    expect(worker.output()).toContain(`"traceId":"${traceId}"`);
    // For the operations note: the tree of this trace, one job expanded.
    const treeFile = process.env.CALSYNC_TRACE_TREE;
    if (treeFile)
      writeFileSync(treeFile, `${traceTree(receiver.spans, mutation!, 'mailbox.sync process')}\n`);
  });

  it('run the migration job from the same layout (a no-op on a current database)', async () => {
    const migrate = startCompiled(layout, 'packages/core/dist/bin/migrate.js', {
      DATABASE_ADMIN_URL: database.adminUrl,
      DATABASE_URL: database.appUrl,
    });
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toContain('migrations applied');
  });

  it('stop gracefully on SIGTERM', async () => {
    const [workerCode, apiCode] = await Promise.all([worker.stop(), api.stop()]);
    expect(workerCode, worker.output().slice(-3000)).toBe(0);
    expect(apiCode, api.output().slice(-3000)).toBe(0);
  }, 120_000);
});
