// `calsync` end to end: the public API (listening), the real worker process and the Microsoft 365
// emulator, with real Postgres and Redis. Every step goes through the CLI as a user types it.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, type FullStack } from '../../../tests/support/full-stack.ts';
import { TEST_ADMIN_KEY } from '../../../tests/support/test-api.ts';
import { calsync } from './test-support.ts';

const run = promisify(execFile);
let stack: FullStack;
let url: string;
let home: string;
/** The user's environment: a private config dir and nothing else. */
let userEnv: Record<string, string>;
let tenantKey: string;
let connectorId: string;

beforeAll(async () => {
  // With the on-premises Exchange (EWS) emulator beside the Microsoft 365 one: both connector kinds.
  stack = await startFullStack({ ews: true });
  url = await stack.api.app.listen({ port: 0, host: '127.0.0.1' });
  home = await mkdtemp(join(tmpdir(), 'calsync-cli-'));
  userEnv = { CALSYNC_CONFIG_DIR: join(home, 'config') };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const admin = (argv: string[], stdin?: string) =>
  calsync({ CALSYNC_URL: url, CALSYNC_API_KEY: TEST_ADMIN_KEY }, argv, stdin);
const user = (argv: string[], stdin?: string) => calsync(userEnv, argv, stdin);

describe('calsync CLI against the running API', () => {
  it('creates a tenant with the platform key from the environment and logs in with its key from stdin', async () => {
    const created = await admin(['tenants', 'create', '--name', 'CLI Corp', '--slug', 'cli-corp', '--json']);
    expect(created.code).toBe(0);
    tenantKey = JSON.parse(created.stdout).apiKeySecret;

    const login = await user(['login', '--url', url], `${tenantKey}\n`);
    expect(login.stderr).toBe('');
    expect(login.stdout).toContain('as ADMIN of tenant cli-corp');
    const file = join(home, 'config', 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const listed = await admin(['tenants', 'list']);
    expect(listed.stdout).toMatch(/^ID\s+SLUG\s+NAME\s+CREATED$/m);
    expect(listed.stdout).toContain('cli-corp');
  });

  it('creates, lists and revokes keys; a revoked key is refused with a hint', async () => {
    const created = await user(['keys', 'create', '--name', 'display', '--role', 'READER', '--json']);
    const { apiKey, secret } = JSON.parse(created.stdout);
    const list = await user(['keys', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${apiKey.id}\\s+display\\s+READER`));
    expect(list.stdout).not.toContain(secret);

    expect((await user(['keys', 'revoke', apiKey.id])).code).toBe(0);
    const refused = await calsync({ CALSYNC_URL: url, CALSYNC_API_KEY: secret }, ['connectors', 'list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('(UNAUTHENTICATED)');
    expect(refused.stderr).toContain('hint: the API key was refused');
  });

  it('never takes a secret from argv', async () => {
    const attempt = await user(['connectors', 'create', '--name', 'x', '--client-secret', 'hunter2']);
    expect(attempt.code).toBe(2);
    expect(attempt.stderr).toContain("unknown option '--client-secret'");
    const password = await user([
      'connectors',
      'create',
      '--name',
      'x',
      '--kind',
      'EXCHANGE_ONPREM',
      '--password',
      'hunter2',
    ]);
    expect(password.code).toBe(2);
    expect(password.stderr).toContain("unknown option '--password'");
    const noSource = await user([
      'connectors',
      'create',
      '--name',
      'x',
      '--azure-tenant',
      't',
      '--client-id',
      'c',
    ]);
    expect(noSource.stderr).toContain('A credential is required');
  });

  it('creates a connector with the secret on stdin, discovers rooms and tests it healthy (exit 0)', async () => {
    const seed = stack.emulator.emu.state.seedSummary!;
    const created = await user(
      [
        'connectors',
        'create',
        '--name',
        'Contoso',
        '--azure-tenant',
        seed.tenantDomain,
        '--client-id',
        seed.clientId,
        '--client-secret-stdin',
        '--past-days',
        '7',
        '--future-days',
        '30',
        '--json',
      ],
      seed.clientSecret,
    );
    expect(created.stderr).toBe('');
    const connector = JSON.parse(created.stdout);
    connectorId = connector.id;
    expect(connector.credentialHint).toBe(seed.clientSecret.slice(-4));
    expect(created.stdout).not.toContain(seed.clientSecret);

    const rooms = await user(['mailboxes', 'discover-rooms', connectorId]);
    expect(rooms.code).toBe(0);
    expect(rooms.stdout.match(/\bROOM\b/g)?.length).toBeGreaterThan(5);

    const test = await user(['connectors', 'test', connectorId]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^TOKEN\s+PASS/m);
    expect(test.stdout).toContain('Connector is healthy');

    const show = await user(['connectors', 'show', connectorId]);
    expect(show.stdout).toMatch(/Status:\s+HEALTHY/);
    expect((await user(['connectors', 'list'])).stdout).toMatch(
      new RegExp(`${connectorId}\\s+Contoso\\s+HEALTHY\\s+MICROSOFT_GRAPH\\s+${seed.tenantDomain}`),
    );
  });

  it('adds and removes a mailbox and lists by kind', async () => {
    const person = (await stack.emulator.emu.control.listMailboxes()).find((m) => m.kind !== 'room')!;
    expect((await user(['mailboxes', 'add', connectorId, person.address])).stdout).toContain(
      person.address.toLowerCase(),
    );
    const rooms = await user(['mailboxes', 'list', '--kind', 'ROOM', '--json']);
    expect(JSON.parse(rooms.stdout).every((m: { kind: string }) => m.kind === 'ROOM')).toBe(true);
    expect((await user(['mailboxes', 'remove', connectorId, person.address])).stdout).toBe(
      'Removed 1 mailbox\n',
    );
  });

  it('syncs one room with --wait, following the run to SUCCEEDED, then prints its events', async () => {
    const room = (await stack.emulator.emu.control.listMailboxes()).find((m) => m.kind === 'room')!;
    const synced = await user(['sync', room.address, '--full', '--wait', '--timeout', '90']);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain('Requested a full sync of 1 mailbox(es)');
    expect(synced.stdout).toMatch(/SUCCEEDED\s+\d+ upserted, \d+ deleted, \d+ pages/);

    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const ndjson = await user(['events', room.address, '--from', from, '--to', to, '--ndjson']);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.mailbox.address === room.address.toLowerCase())).toBe(true);
    const asJson = JSON.parse(
      (await user(['events', room.address, '--from', from, '--to', to, '--json'])).stdout,
    );
    expect(asJson.map((e: { id: string }) => e.id)).toEqual(lines.map((e) => e.id));
    const table = await user(['events', room.address, '--from', from, '--to', to, '--tz', 'UTC']);
    expect(table.stdout.trim().split('\n')).toHaveLength(lines.length + 1);
  }, 120_000);

  it('reports a secret that expires within 30 days as degraded (exit 1)', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await user(['connectors', 'update', connectorId, '--credential-expires', soon])).code).toBe(0);
    const test = await user(['connectors', 'test', connectorId]);
    expect(test.stdout).toMatch(/^CREDENTIAL_EXPIRY\s+WARN\b/m);
    expect(test.stdout).not.toMatch(/^\S+\s+FAIL\b/m);
    expect(test.stdout).toContain('Connector is degraded');
    expect(test.code).toBe(1);
  });

  it('reports a wrong secret as failed (exit 2) with the code and a remedy', async () => {
    const wrong = join(home, 'wrong-secret.txt');
    await writeFile(wrong, 'not-the-secret\n', { mode: 0o600 });
    expect((await user(['connectors', 'update', connectorId, '--client-secret-file', wrong])).code).toBe(0);
    const test = await user(['connectors', 'test', connectorId]);
    expect(test.code).toBe(2);
    expect(test.stdout).toMatch(/^TOKEN\s+FAIL\s+-?\s*AADSTS7000215/m);
    expect(test.stdout).toContain('Connector is failed');
  });

  it('manages an on-premises Exchange connector: password from stdin, diagnostics, a synced room', async () => {
    const ews = stack.ews!.emulator;
    // A tenant of its own: the EWS emulator's rooms have the same addresses as the Graph emulator's.
    const tenant = JSON.parse(
      (await admin(['tenants', 'create', '--name', 'On Prem', '--slug', 'cli-onprem', '--json'])).stdout,
    );
    const onprem = (argv: string[], stdin?: string) =>
      calsync({ CALSYNC_URL: url, CALSYNC_API_KEY: tenant.apiKeySecret }, argv, stdin);
    const caFile = join(home, 'internal-ca.pem');
    await writeFile(caFile, ews.caCertPem);
    const rooms = ['berlin-spree@contoso.com', 'berlin-havel@contoso.com'];
    const created = await onprem(
      [
        'connectors',
        'create',
        '--kind',
        'EXCHANGE_ONPREM',
        '--name',
        'Contoso on premises',
        '--ews-url',
        ews.ewsUrl,
        '--username',
        ews.monitor!.domainUser,
        '--password-stdin',
        '--ca-bundle-file',
        caFile,
        '--mailbox',
        ...rooms,
        '--json',
      ],
      `${ews.monitor!.password}\n`,
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).not.toContain(ews.monitor!.password);
    const connector = JSON.parse(created.stdout);
    expect(connector).toMatchObject({
      kind: 'EXCHANGE_ONPREM',
      credentialKind: 'PASSWORD',
      exchangeOnPrem: { ewsUrl: ews.ewsUrl, username: ews.monitor!.domainUser, hasCaBundle: true },
    });

    const show = await onprem(['connectors', 'show', connector.id]);
    expect(show.stdout).toMatch(/^Kind:\s+EXCHANGE_ONPREM$/m);
    expect(show.stdout).toContain(`Monitor user:   ${ews.monitor!.domainUser}`);
    expect(show.stdout).toMatch(/^CA bundle:\s+configured$/m);
    expect((await onprem(['connectors', 'list'])).stdout).toMatch(
      new RegExp(
        `^${connector.id}\\s+Contoso on premises\\s+\\S+\\s+EXCHANGE_ONPREM\\s+${ews.ewsUrl}\\s`,
        'm',
      ),
    );

    const healthy = await onprem(['connectors', 'test', connector.id]);
    expect(healthy.stdout).toMatch(/^AUTHENTICATION\s+PASS/m);
    expect(healthy.code).toBe(0);

    const synced = await onprem(['sync', connector.id, '--wait', '--timeout', '90']);
    expect(synced.stderr).toBe('');
    expect(synced.stdout.match(/SUCCEEDED\s+\d+ upserted/g)).toHaveLength(rooms.length);
    expect(synced.code).toBe(0);

    // A mailbox the monitor user holds no rights on: failed, with Exchange's code and the fix.
    await onprem(['mailboxes', 'add', connector.id, ews.ungrantedMailbox!]);
    const failed = await onprem(['connectors', 'test', connector.id]);
    expect(failed.stdout).toMatch(
      new RegExp(`^MAILBOX_ACCESS\\s+FAIL\\s+${ews.ungrantedMailbox!}\\s+ErrorFolderNotFound`, 'm'),
    );
    expect(failed.stdout).toContain('Add-MailboxFolderPermission');
    expect(failed.code).toBe(2);
  }, 150_000);

  it('doctor checks config, reachability, readiness, auth and subscriptions', async () => {
    const doctor = await user(['doctor']);
    expect(doctor.stdout).toMatch(/^CONFIG\s+PASS/m);
    expect(doctor.stdout).toMatch(/^AUTH\s+PASS\s+ADMIN key of tenant cli-corp/m);
    expect(doctor.stdout).toMatch(/^SUBSCRIPTIONS\s+PASS/m);
    expect(doctor.code).toBe(0);
    // A stored key others can read: a warning with the fix, exit 1.
    const file = join(home, 'config', 'config.json');
    await chmod(file, 0o644);
    const exposed = await user(['doctor']);
    expect(exposed.stdout).toMatch(/^CONFIG\s+WARN\s+.*readable by others \(mode 644\)\s+chmod 600 /m);
    expect(exposed.code).toBe(1);
    await chmod(file, 0o600);
    const offline = await calsync({ CALSYNC_URL: 'http://127.0.0.1:9', CALSYNC_API_KEY: 'x' }, ['doctor']);
    expect(offline.code).toBe(2);
    expect(offline.stdout).toMatch(/^REACHABLE\s+FAIL/m);
  });

  it('runs as the installed bin: --help lists examples, and doctor works from the environment', async () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'calsync.js');
    const help = await run(process.execPath, [bin, 'events', '--help']);
    expect(help.stdout).toContain('Examples:');
    const doctor = await run(process.execPath, [bin, 'doctor'], {
      env: { ...process.env, CALSYNC_URL: url, CALSYNC_API_KEY: tenantKey },
    });
    expect(doctor.stdout).toMatch(/^AUTH\s+PASS/m);
  });
});
