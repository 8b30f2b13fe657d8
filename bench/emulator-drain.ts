/**
 * How fast can a client drain calendars through the emulator's delta pages? Run by hand:
 *   npx tsx bench/emulator-drain.ts [--mailboxes 200] [--events 1000] [--page 200] [--concurrency 1,4,16,64]
 * The emulator runs as its own process (the CLI with the seeded scale organisation: N room mailboxes × M events),
 * as it would beside a sync benchmark. Per concurrency level this process runs a full initial delta round for every
 * mailbox with a plain HTTPS client (keep-alive, CA trusted explicitly). The baseline, measured in the same run, is
 * a bare node:https server (also its own process) answering the same number of requests with the same JSON bytes.
 * ratio = emulator throughput / baseline throughput (1.0 = the emulator costs nothing over serving the bytes).
 */
import { fork, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEmulatorControl, createHttpsClient } from '@calsync/graph-emulator';
import type { HttpsClient } from '@calsync/graph-emulator';

const { values } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '200' },
    events: { type: 'string', default: '1000' },
    page: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1,4,16,64' },
    'baseline-server': { type: 'string' },
  },
});

interface RunResult {
  seconds: number;
  requests: number;
  items: number;
  bytes: number;
  throttled: number;
}

/** Child mode: a bare HTTPS server replaying recorded pages (received over IPC), printing its port. */
async function serveBaseline(dataDir: string): Promise<void> {
  const [key, cert] = await Promise.all([
    readFile(join(dataDir, 'server.key'), 'utf8'),
    readFile(join(dataDir, 'server.crt'), 'utf8'),
  ]);
  let pages: Buffer[] = [];
  let i = 0;
  process.on('message', (m: string[]) => {
    pages = m.map((p) => Buffer.from(p));
    i = 0;
    process.send?.('ready');
  });
  const server = createServer({ key, cert }, (_req, res) => {
    const body = pages[i++ % pages.length]!;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function drainAll(
  http: HttpsClient,
  url: string,
  token: string,
  mailboxIds: string[],
  concurrency: number,
  window: string,
  pageSize: number,
) {
  const r = { seconds: 0, requests: 0, items: 0, bytes: 0, throttled: 0, pages: [] as string[] };
  const started = process.hrtime.bigint();
  await runPool(mailboxIds, concurrency, async (id) => {
    let link: string | undefined = `${url}/v1.0/users/${id}/calendarView/delta?${window}`;
    while (link) {
      const res = await http.send(link, {
        headers: { authorization: `Bearer ${token}`, prefer: `odata.maxpagesize=${pageSize}` },
      });
      r.requests += 1;
      if (res.status === 429) {
        r.throttled += 1;
        await new Promise((done) => setTimeout(done, Number(res.headers['retry-after'] ?? '1') * 1000));
        continue;
      }
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
      r.bytes += res.text.length;
      if (r.pages.length < 50) r.pages.push(res.text);
      const body = res.json as { value: unknown[]; '@odata.nextLink'?: string };
      r.items += body.value.length;
      link = body['@odata.nextLink'];
    }
  });
  r.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return r;
}

async function runBaseline(
  http: HttpsClient,
  url: string,
  requests: number,
  concurrency: number,
): Promise<RunResult> {
  const r = { seconds: 0, requests: 0, items: 0, bytes: 0, throttled: 0 };
  const started = process.hrtime.bigint();
  await runPool(
    Array.from({ length: requests }, (_, k) => k),
    concurrency,
    async () => {
      const res = await http.send(url);
      r.requests += 1;
      r.bytes += res.text.length;
      r.items += (res.json as { value: unknown[] }).value.length;
    },
  );
  r.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return r;
}

/** Starts the emulator CLI and reads what it prints. */
async function startEmulatorProcess(dataDir: string, mailboxes: number, events: number) {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      'packages/graph-emulator/src/cli.ts',
      '--port',
      '0',
      '--seed',
      'bench',
      '--data-dir',
      dataDir,
      '--scale',
      `${mailboxes}x${events}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const info: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const m =
      /^(graph-emulator listening on|CA certificate:|control key:|tenant id:|client id:|client secret:)\s+(\S+)/.exec(
        line,
      );
    if (m) info[m[1]!] = m[2]!;
    if (info['client secret:']) break;
  }
  return {
    child,
    url: info['graph-emulator listening on']!,
    caPath: info['CA certificate:']!,
    controlKey: info['control key:']!,
    tenantId: info['tenant id:']!,
    clientId: info['client id:']!,
    secret: info['client secret:']!,
  };
}

async function main(): Promise<void> {
  const mailboxCount = Number(values.mailboxes);
  const eventsPerMailbox = Number(values.events);
  const pageSize = Number(values.page);
  const levels = values.concurrency.split(',').map(Number);
  const dataDir = await mkdtemp(join(tmpdir(), 'emulator-drain-'));
  const loadStart = Date.now();
  const emu = await startEmulatorProcess(dataDir, mailboxCount, eventsPerMailbox);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const ca = await readFile(emu.caPath, 'utf8');
  const setup = createHttpsClient(ca);
  const tokenRes = await setup.send(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emu.clientId,
      client_secret: emu.secret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const token = (tokenRes.json as { access_token: string }).access_token;
  const mailboxIds = (await createEmulatorControl(emu.url, emu.controlKey, setup).listMailboxes()).map(
    (m) => m.id,
  );
  setup.close();
  const now = Date.now();
  const from = new Date(now - 14 * 86_400_000).toISOString();
  const to = new Date(now + 120 * 86_400_000).toISOString();
  const window = `startDateTime=${from}&endDateTime=${to}`;

  const baseline = fork(process.argv[1]!, ['--baseline-server', dataDir], { execArgv: process.execArgv });
  const baselinePort = await new Promise<number>((resolve) =>
    baseline.once('message', (m: { port: number }) => resolve(m.port)),
  );

  console.log(
    `node ${process.version}; scale org ${mailboxCount} mailboxes × ${eventsPerMailbox} events, emulator up in ${loadSeconds.toFixed(1)} s; delta pages of ${pageSize}`,
  );
  console.log('concurrency | emulator events/s | requests/s | MB/s | 429s | baseline events/s | ratio');
  for (const c of levels) {
    const http = createHttpsClient(ca, { maxSockets: c });
    const r = await drainAll(http, emu.url, token, mailboxIds, c, window, pageSize);
    baseline.send(r.pages);
    await new Promise((resolve) => baseline.once('message', resolve));
    const b = await runBaseline(http, `https://127.0.0.1:${baselinePort}/`, r.requests, c);
    http.close();
    const eps = r.items / r.seconds;
    const beps = b.items / b.seconds;
    console.log(
      [
        String(c).padStart(11),
        eps.toFixed(0).padStart(17),
        (r.requests / r.seconds).toFixed(0).padStart(10),
        (r.bytes / r.seconds / 1e6).toFixed(1).padStart(4),
        String(r.throttled).padStart(4),
        beps.toFixed(0).padStart(17),
        (eps / beps).toFixed(2).padStart(5),
      ].join(' | '),
      `  (${r.items} items, ${r.requests} requests, ${r.seconds.toFixed(2)} s)`,
    );
  }
  baseline.kill();
  emu.child.kill();
  await rm(dataDir, { recursive: true, force: true });
}

if (values['baseline-server'] !== undefined) void serveBaseline(values['baseline-server']);
else await main();
