// The API and worker as child processes, the way production runs them (`npm run start:api` /
// `start:worker`: the compiled dist/ under the calsync-dist condition, so a restart costs Node's start-up
// rather than a TypeScript compile), with their output kept (every line must be one structured JSON log
// line) and their exits observable.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caBundle } from '../../e2e/sync/support/worker-process.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const entries = { api: 'apps/api/dist/main.js', worker: 'apps/worker/dist/main.js' } as const;

/** The chaos suite runs what `npm run build` produced (`npm run test:chaos` builds first). */
export function assertBuilt(): void {
  const missing = Object.values(entries).filter((entry) => !existsSync(join(repoRoot, entry)));
  if (missing.length > 0)
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before the chaos suite`);
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Output lines (stdout and stderr) so far. */
  lines(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (if still running) and resolves on exit. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface AppEnvBase {
  databaseUrl: string;
  redisUrl: string;
  encryptionKeys: string;
  /** Microsoft endpoints of the emulator and its CA (omitted: the process never calls Microsoft). */
  emulator?: { url: string; caCertPem: string } | undefined;
  queuePrefix: string;
}

export function startAppProcess(
  kind: keyof typeof entries,
  base: AppEnvBase,
  extra: Record<string, string> = {},
  name: string = kind,
): AppProcess {
  const args = ['--conditions=calsync-dist', '--max-semi-space-size=16', join(repoRoot, entries[kind])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: base.databaseUrl,
      REDIS_URL: base.redisUrl,
      CALSYNC_ENCRYPTION_KEYS: base.encryptionKeys,
      CALSYNC_QUEUE_PREFIX: base.queuePrefix,
      ...(base.emulator
        ? {
            CALSYNC_AUTHORITY_HOST: base.emulator.url,
            CALSYNC_GRAPH_BASE_URL: base.emulator.url,
            NODE_EXTRA_CA_CERTS: caBundle(base.emulator.caCertPem),
          }
        : {}),
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let partial = { out: '', err: '' };
  const collect = (stream: 'out' | 'err') => (chunk: Buffer) => {
    const text = partial[stream] + chunk.toString();
    const parts = text.split('\n');
    partial = { ...partial, [stream]: parts.pop() ?? '' };
    output.push(...parts.filter((l) => l.length > 0));
  };
  child.stdout?.on('data', collect('out'));
  child.stderr?.on('data', collect('err'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    child,
    lines: () => [...output, ...[partial.out, partial.err].filter((l) => l.length > 0)],
    exited,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Lines that are not one pino JSON object (raw stack traces, console.error output). */
export function unstructuredLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      return typeof parsed !== 'object' || parsed === null || !('level' in parsed);
    } catch {
      return true;
    }
  });
}
