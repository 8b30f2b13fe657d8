/**
 * Log noise of a Redis outage (issue 17). Run by hand:
 *   npx tsx bench/redis-outage-noise.ts [--outage 13]
 * Starts its own Postgres + Redis (AOF), the real API and worker processes (LOG_LEVEL=info), kills
 * redis-server for `--outage` seconds, restarts it on the same port and counts, per process, the
 * output lines printed from the kill until 5 s after the restart: all lines, lines that are not one
 * JSON log object (raw stack traces), and "recovered" lines.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { findFreePort } from '../scripts/lib/free-port.ts';
import { startChaosServices } from '../tests/chaos/support/services.ts';
import { startAppProcess, unstructuredLines } from '../tests/chaos/support/processes.ts';

const { values } = parseArgs({
  options: { outage: { type: 'string', default: '13' }, show: { type: 'boolean', default: false } },
});
const outageMs = Number(values.outage) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const services = await startChaosServices();
const base = {
  databaseUrl: services.appUrl,
  redisUrl: services.redisUrl,
  encryptionKeys: `bench:${randomBytes(32).toString('base64')}`,
  queuePrefix: 'bench',
};
const port = await findFreePort();
const api = startAppProcess('api', base, {
  LOG_LEVEL: 'info',
  PORT: String(port),
  CALSYNC_ADMIN_API_KEY: randomBytes(24).toString('hex'),
});
const worker = startAppProcess('worker', base, { LOG_LEVEL: 'info' });
try {
  await sleep(6_000);
  const before = { api: api.lines().length, worker: worker.lines().length };
  await services.killRedis();
  await sleep(outageMs);
  await services.startRedis();
  await sleep(5_000);
  for (const proc of [api, worker]) {
    const lines = proc.lines().slice(before[proc.name as 'api' | 'worker']);
    const recovered = lines.filter((l) => /recovered/i.test(l)).length;
    console.log(
      `${proc.name}: ${lines.length} lines during a ${outageMs / 1000} s Redis outage (+5 s), ` +
        `${unstructuredLines(lines).length} not JSON, ${recovered} "recovered"`,
    );
    if (values.show) console.log(lines.join('\n'));
  }
} finally {
  await Promise.all([api.stop('SIGKILL'), worker.stop('SIGKILL')]);
  await services.stop();
}
