// Helpers for the compiled-build suite: build once, start the compiled entry points as production
// does (plain node, the calsync-dist export condition), and list what compiled code imports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** `npm run build` (incremental: a no-op when CI built already). */
export function buildOnce(): void {
  const run = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}\n${run.stderr}`);
}

export interface CompiledProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function startCompiled(entry: string, env: Record<string, string>): CompiledProcess {
  const child = spawn(process.execPath, ['--conditions=calsync-dist', join(repoRoot, entry)], {
    cwd: repoRoot,
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
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const builtins = new Set(builtinModules);

/** Bare package names imported by the JavaScript under `dir` (node: builtins excluded). */
export function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    // Only tsc output (it writes a source map beside each file), not copied browser assets.
    if (!existsSync(join(entry.parentPath, `${entry.name}.map`))) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return found;
}

/** `dependencies` (production only) of a workspace's package.json. */
export function productionDependencies(workspace: string): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, workspace, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return new Set(Object.keys(pkg.dependencies ?? {}));
}
