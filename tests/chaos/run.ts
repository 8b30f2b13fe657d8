// `npm run test:chaos`: the chaos suite. Starts its own Postgres and Redis (so it can kill them), the
// emulator, the real API and worker processes; runs each scenario, prints one line per scenario with
// its figures and ends with `N passed, M failed` (exit 1 when any failed).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { infrastructureRestarts } from './scenarios/infrastructure-restarts.ts';
import { fairness } from './scenarios/fairness.ts';
import { gracefulStop } from './scenarios/graceful-stop.ts';
import type { Scenario } from './scenarios/scenario.ts';
import { workerKills } from './scenarios/worker-kills.ts';
import { assertBuilt } from './support/processes.ts';
import { startChaosStack, waitFor } from './support/stack.ts';

const all: Scenario[] = [workerKills, infrastructureRestarts, gracefulStop, fairness];
const { values } = parseArgs({ options: { only: { type: 'string' } } });
const selected = values.only ? all.filter((s) => s.name.includes(values.only!)) : all;

assertBuilt();
const began = Date.now();
const stack = await startChaosStack();
stack.startApi();
await waitFor(async () => (await stack.readyz()) === 200, 60_000, 'the API to answer /readyz');
let passed = 0;
let failed = 0;
try {
  for (const scenario of selected) {
    const started = Date.now();
    try {
      const figures = await scenario.run(stack);
      passed += 1;
      console.log(`PASS ${scenario.name} (${((Date.now() - started) / 1000).toFixed(0)} s): ${figures}`);
    } catch (error) {
      failed += 1;
      console.log(
        `FAIL ${scenario.name} (${((Date.now() - started) / 1000).toFixed(0)} s): ${(error as Error).message}`,
      );
      if (process.env.CHAOS_VERBOSE) {
        console.log((error as Error).stack);
        for (const p of stack.processes)
          writeFileSync(join(tmpdir(), `chaos-${p.name}.log`), p.lines().join('\n'));
      }
    } finally {
      // Every scenario starts with no worker running.
      await Promise.all(
        stack.processes.filter((p) => p.name.startsWith('worker')).map((p) => p.stop('SIGKILL')),
      );
    }
  }
} finally {
  await stack.stop();
}
console.log(`${passed} passed, ${failed} failed (${((Date.now() - began) / 1000).toFixed(0)} s)`);
process.exit(failed > 0 ? 1 : 0);
