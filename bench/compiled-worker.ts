// The worker as production runs it, for benches that measure its memory (bench/scale.ts --compiled):
// the esbuild bundle of `npm run build`, started by plain node with the flags of `npm run start:worker`.
// Under tsx the same process also holds the TypeScript loader and every source module's transform,
// which would be counted in its RSS.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnWorker, type WorkerEnv, type WorkerProcess } from '../tests/e2e/sync/support/worker-process.ts';

const repoRoot = join(import.meta.dirname, '..');

/**
 * Runs `npm run build` (under a second): the bundle is built from the sources of this run, never a
 * stale dist/ left by an earlier checkout.
 */
export function buildServices(): void {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0)
    throw new Error(`npm run build failed (exit ${String(build.status)}): ${build.stdout}${build.stderr}`);
}

/** The node flags and the bundle of `npm run start:worker`, from package.json: one place says how production starts it. */
function startWorkerCommand(): { flags: string[]; bundle: string } {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string | undefined>;
  };
  const [command, ...args] = (manifest.scripts['start:worker'] ?? '').trim().split(/\s+/);
  const bundle = args.pop();
  if (command !== 'node' || bundle === undefined)
    throw new Error('package.json start:worker is not `node [flags] <bundle>`');
  return { flags: args, bundle: join(repoRoot, bundle) };
}

/**
 * The compiled worker as a child process, with the environment startWorkerProcess gives the tsx
 * worker (same settings, so the two differ only in how the code is loaded). Build it first
 * (buildServices).
 */
export function startCompiledWorkerProcess(env: WorkerEnv): WorkerProcess {
  const { flags, bundle } = startWorkerCommand();
  return spawnWorker([...flags, ...(env.nodeArgs ?? []), bundle], env);
}
