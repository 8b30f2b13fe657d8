import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startEmulator } from './start-emulator.ts';

/** `npm run emulator -- --port 9443 --seed contoso --data-dir .calsync/emulator` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9443' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'contoso' },
      'data-dir': { type: 'string', default: '.calsync/emulator' },
      'control-key': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'no-throttling': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      scale: { type: 'string' },
      'mutate-every': { type: 'string' },
    },
  });
  const emulator = await startEmulator({
    port: Number(values.port),
    host: values.host,
    dataDir: resolve(values['data-dir']),
    seed: values['no-seed'] ? false : values.seed,
    controlKey: values['control-key'] ?? process.env.CALSYNC_EMULATOR_CONTROL_KEY,
    tokenLifetimeSeconds:
      values['token-lifetime'] === undefined ? undefined : Number(values['token-lifetime']),
    throttling: values['no-throttling'] ? false : undefined,
    scale: parseScale(values.scale),
  });
  const s = emulator.state.seedSummary;
  const lines = [
    `graph-emulator listening on ${emulator.url}`,
    `CA certificate: ${emulator.caCertPath}`,
    `control key:    ${emulator.controlKey}   (Authorization: Bearer <key> on ${emulator.url}/_emulator/...)`,
    '',
    '# environment for calsync:',
    `CALSYNC_AUTHORITY_HOST=${emulator.url}`,
    `CALSYNC_GRAPH_BASE_URL=${emulator.url}`,
    `NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`,
  ];
  if (s) {
    lines.push(
      '',
      `# seeded organisation "${String(emulator.state.seed)}": ${s.mailboxCount} mailboxes, ${s.eventCount} events`,
      `tenant id:     ${s.tenantId}  (${s.tenantDomain})`,
      `client id:     ${s.clientId}`,
      `client secret: ${s.clientSecret}`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  const mutateEvery = Number(values['mutate-every'] ?? 0);
  // Demo mode: keep changing events like Outlook users would, so a running sync has something to pick up.
  const timer =
    mutateEvery > 0
      ? setInterval(() => void emulator.control.mutateRandomly(1), mutateEvery * 1000)
      : undefined;
  const stop = (): void => {
    if (timer) clearInterval(timer);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function parseScale(v: string | undefined): { mailboxes: number; eventsPerMailbox: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m) throw new Error('--scale expects <mailboxes>x<eventsPerMailbox>, e.g. 200x1000');
  return { mailboxes: Number(m[1]), eventsPerMailbox: Number(m[2]) };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
