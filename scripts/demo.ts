// `npm run demo`: the whole of calsync on one machine, offline, against the bundled emulator.
// Starts Postgres + Redis (services script), the Graph emulator (seeded, changing events every
// few seconds), the API and the worker; provisions a tenant and connector through the public
// GraphQL API like any client; prints how to use it. Ctrl-C stops everything it started.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@calsync/graph-emulator';
import { runToCompletion, startManaged, type ManagedProcess } from './demo/child-process.ts';
import { loadDemoSecrets, saveDemoSecrets } from './demo/demo-secrets.ts';
import { createGraphqlClient, waitForReady } from './demo/graphql-client.ts';
import { printWelcome } from './demo/print-welcome.ts';
import {
  ensureConnector,
  ensureTenant,
  runDiagnostics,
  syncAndWait,
  createBoardPath,
  createFeedPath,
} from './demo/provision.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const API_PORT = Number(process.env.PORT ?? 4000);
const EMULATOR_PORT = Number(process.env.CALSYNC_DEMO_EMULATOR_PORT ?? 9443);
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function parseEnvLines(output: string): Record<string, string> {
  return Object.fromEntries(
    output
      .split('\n')
      .map((line) => /^([A-Z_]+)=(\S+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

async function main(): Promise<void> {
  const children: ManagedProcess[] = [];
  let servicesStarted = false;
  let stopEmulator: (() => Promise<void>) | null = null;
  let mutationTimer: NodeJS.Timeout | null = null;
  const shutdown = async (code: number): Promise<never> => {
    if (mutationTimer) clearInterval(mutationTimer);
    console.log('\nstopping the demo…');
    await Promise.all(children.map((c) => c.stop()));
    await stopEmulator?.();
    if (servicesStarted)
      await runToCompletion(tsx, [join(root, 'scripts/services.ts'), 'down'], process.env).catch(() => '');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    console.log('1/6 starting Postgres and Redis (npm run services -- up)…');
    const servicesOutput = await runToCompletion(tsx, [join(root, 'scripts/services.ts'), 'up'], process.env);
    servicesStarted = true;
    const urls = parseEnvLines(servicesOutput);

    console.log('2/6 starting the Microsoft 365 emulator (seed "contoso")…');
    const emulator = await startEmulator({
      port: EMULATOR_PORT,
      dataDir: join(root, '.calsync', 'emulator'),
      seed: 'contoso',
    });
    stopEmulator = () => emulator.close();
    const seed = emulator.state.seedSummary;
    if (!seed) throw new Error('the emulator started without its seeded organisation');
    // Outlook users keep changing things: a few edits every few seconds keep the data live.
    mutationTimer = setInterval(() => void emulator.control.mutateRandomly(2).catch(() => undefined), 5000);

    console.log('3/6 starting the API and the worker…');
    const secretsPath = join(root, '.calsync', 'demo', 'secrets.json');
    const secrets = loadDemoSecrets(secretsPath);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: urls.DATABASE_URL,
      DATABASE_ADMIN_URL: urls.DATABASE_ADMIN_URL,
      REDIS_URL: urls.REDIS_URL,
      HOST: '127.0.0.1',
      PORT: String(API_PORT),
      CALSYNC_ADMIN_API_KEY: secrets.adminApiKey,
      CALSYNC_ENCRYPTION_KEYS: secrets.encryptionKeys,
      CALSYNC_AUTHORITY_HOST: emulator.url,
      CALSYNC_GRAPH_BASE_URL: emulator.url,
      NODE_EXTRA_CA_CERTS: emulator.caCertPath,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      NODE_ENV: 'development',
    };
    children.push(startManaged('api', tsx, [join(root, 'apps/api/src/main.ts')], env));
    children.push(startManaged('worker', tsx, [join(root, 'apps/worker/src/main.ts')], env));
    const apiUrl = `http://127.0.0.1:${API_PORT}`;
    await waitForReady(`${apiUrl}/readyz`, 60_000);

    console.log('4/6 creating a tenant, an API key and a connector through GraphQL…');
    const graphql = createGraphqlClient(`${apiUrl}/graphql`);
    const tenant = await ensureTenant(graphql, secrets.adminApiKey, secrets.tenantApiKey);
    saveDemoSecrets(secretsPath, { ...secrets, tenantApiKey: tenant.apiKey });
    const people = (await emulator.control.listMailboxes(seed.tenantId))
      .filter((m) => m.kind === 'user' && m.restEnabled)
      .map((m) => m.address);
    const connectorId = await ensureConnector(graphql, tenant.apiKey, {
      name: 'Contoso Microsoft 365 (emulator)',
      azureTenantId: seed.tenantDomain,
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      people,
    });

    console.log('5/6 running the connector diagnostics…');
    const diagnostics = await runDiagnostics(graphql, tenant.apiKey, connectorId);
    for (const c of diagnostics.checks) {
      console.log(`   ${c.status.padEnd(7)} ${c.name}${c.target ? ` ${c.target}` : ''}: ${c.message}`);
    }

    console.log('6/6 syncing every mailbox…');
    const started = Date.now();
    const mailboxes = await syncAndWait(graphql, tenant.apiKey, connectorId, 120_000);
    const ok = mailboxes.filter((m) => m.syncStatus === 'OK').length;
    console.log(
      `   ${ok}/${mailboxes.length} mailboxes synced in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const room =
      mailboxes.find((m) => m.kind === 'ROOM')?.address ?? mailboxes[0]?.address ?? 'room@contoso.com';
    const boardRooms = mailboxes
      .filter((m) => m.kind === 'ROOM')
      .slice(0, 6)
      .map((m) => m.address);
    const boardUrl = `${apiUrl}${await createBoardPath(graphql, tenant.apiKey, boardRooms)}&title=Contoso`;
    const feedUrl = `${apiUrl}${await createFeedPath(graphql, tenant.apiKey, room)}`;
    printWelcome({ apiUrl, apiKey: tenant.apiKey, room, emulatorUrl: emulator.url, boardUrl, feedUrl });
  } catch (error) {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
