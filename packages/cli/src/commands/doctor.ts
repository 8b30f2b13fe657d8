import type { Command } from 'commander';
import WebSocket from 'ws';
import {
  createCalsyncClient,
  EventChangedDocument,
  ViewerDocument,
  type CalsyncClient,
} from '@calsync/client';
import { EXIT_DEGRADED, EXIT_FAILED, EXIT_OK } from '../cli-error.ts';
import { configFile, configFileMode, resolveConnection, type ResolvedConnection } from '../config.ts';
import type { Context } from '../context.ts';
import { withExamples } from '../examples.ts';
import { renderTable } from '../output.ts';

interface Check {
  name: string;
  status: 'PASS' | 'WARN' | 'FAIL';
  detail: string;
  remedy?: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function httpCheck(
  name: string,
  url: string,
  remedy: string,
  failAs: Check['status'],
): Promise<Check & { date?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const date = response.headers.get('date') ?? undefined;
    if (response.ok)
      return {
        name,
        status: 'PASS',
        detail: `${url} answered ${response.status}`,
        ...(date ? { date } : {}),
      };
    return { name, status: failAs, detail: `${url} answered ${response.status}`, remedy };
  } catch (error) {
    return { name, status: 'FAIL', detail: `${url}: ${message(error)}`, remedy };
  }
}

/** Opens the live subscription and waits for the server's acknowledgement. */
async function subscriptionCheck(connection: ResolvedConnection): Promise<Check> {
  let connected = false;
  const client: CalsyncClient = createCalsyncClient({
    url: connection.url,
    apiKey: connection.apiKey,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    onConnectionChange: (state) => {
      if (state === 'connected') connected = true;
    },
  });
  const changes = client.subscribe(EventChangedDocument, { mailboxIds: [] });
  const outcome = await Promise.race([
    changes.next().then(
      () => null,
      (error: unknown) => message(error),
    ),
    new Promise<null>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (connected || Date.now() - started > 5000) {
          clearInterval(poll);
          resolve(null);
        }
      }, 50);
    }),
  ]);
  await changes.return();
  await client.close();
  if (connected)
    return { name: 'SUBSCRIPTIONS', status: 'PASS', detail: 'graphql-ws connection acknowledged' };
  return {
    name: 'SUBSCRIPTIONS',
    status: 'WARN',
    detail: outcome ?? 'no acknowledgement within 5 s',
    remedy: 'Allow WebSocket upgrades on /graphql in your proxy (live updates and sync --wait need them)',
  };
}

async function runChecks(ctx: Context): Promise<Check[]> {
  const checks: Check[] = [];
  let connection: ResolvedConnection;
  try {
    connection = await resolveConnection(ctx.io.env);
  } catch (error) {
    return [
      {
        name: 'CONFIG',
        status: 'FAIL',
        detail: message(error),
        remedy: "Run 'calsync login --url <api-url>'",
      },
    ];
  }
  const mode = connection.source === 'config file' ? await configFileMode(ctx.io.env) : null;
  checks.push(
    mode !== null && (mode & 0o077) !== 0
      ? {
          name: 'CONFIG',
          status: 'WARN',
          detail: `${configFile(ctx.io.env)} is readable by others (mode ${mode.toString(8)})`,
          remedy: `chmod 600 ${configFile(ctx.io.env)}`,
        }
      : { name: 'CONFIG', status: 'PASS', detail: `${connection.url} from the ${connection.source}` },
  );
  const base = connection.url.endsWith('/') ? connection.url : `${connection.url}/`;
  const health = await httpCheck(
    'REACHABLE',
    new URL('healthz', base).toString(),
    'Check the URL, DNS, proxy and that the API runs',
    'FAIL',
  );
  checks.push(health);
  if (health.status === 'FAIL') return checks;
  checks.push(
    await httpCheck(
      'READY',
      new URL('readyz', base).toString(),
      'The API cannot reach Postgres or Redis: see its logs',
      'WARN',
    ),
  );
  if (health.date) {
    const skewSeconds = Math.round(Math.abs(Date.parse(health.date) - Date.now()) / 1000);
    checks.push(
      skewSeconds > 60
        ? {
            name: 'CLOCK',
            status: 'WARN',
            detail: `${skewSeconds} s apart from the API`,
            remedy: 'Enable NTP on this machine',
          }
        : { name: 'CLOCK', status: 'PASS', detail: `within ${skewSeconds} s of the API` },
    );
  }
  try {
    const { viewer } = await createCalsyncClient({ url: connection.url, apiKey: connection.apiKey }).request(
      ViewerDocument,
    );
    checks.push({
      name: 'AUTH',
      status: 'PASS',
      detail: viewer.tenant ? `${viewer.role} key of tenant ${viewer.tenant.slug}` : `${viewer.role} key`,
    });
  } catch (error) {
    checks.push({
      name: 'AUTH',
      status: 'FAIL',
      detail: message(error),
      remedy: 'Create a new key and run calsync login again',
    });
    return checks;
  }
  checks.push(await subscriptionCheck(connection));
  return checks;
}

export function registerDoctor(program: Command, ctx: Context): void {
  withExamples(
    program
      .command('doctor')
      .description('Check the configuration and the API itself; exit 0 healthy, 1 warnings, 2 failed')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const checks = await runChecks(ctx);
        if (options.json) ctx.io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
        else
          ctx.io.stdout(
            renderTable(checks, [
              { header: 'CHECK', value: (c) => c.name },
              { header: 'STATUS', value: (c) => c.status },
              { header: 'DETAIL', value: (c) => c.detail },
              { header: 'REMEDY', value: (c) => c.remedy },
            ]),
          );
        ctx.exitCode = checks.some((c) => c.status === 'FAIL')
          ? EXIT_FAILED
          : checks.some((c) => c.status === 'WARN')
            ? EXIT_DEGRADED
            : EXIT_OK;
      }),
    ['calsync doctor', 'CALSYNC_URL=https://calsync.example.com CALSYNC_API_KEY=$KEY calsync doctor --json'],
  );
}
