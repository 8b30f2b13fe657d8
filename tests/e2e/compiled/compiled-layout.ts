// Helpers for the compiled-build suite: build once and assemble the production layout (what the
// Dockerfile copies into the image) in a directory outside the checkout, then start its entry points
// as production does (plain node), so nothing resolves from the repository's node_modules.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** `npm run build -- --layout <destination>`: bundles, then the runtime layout in `destination`. */
export function buildLayout(destination: string): void {
  const run = spawnSync('npm', ['run', 'build', '--', '--layout', destination], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}\n${run.stderr}`);
}

/** Bytes of the regular files under `dir`. */
export function directoryBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

export interface CompiledProcess {
  child: ChildProcess;
  output(): string;
  /** Exit code once the process ends by itself. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function startCompiled(layout: string, entry: string, env: Record<string, string>): CompiledProcess {
  const child = spawn(process.execPath, [join(layout, entry)], {
    cwd: layout,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
