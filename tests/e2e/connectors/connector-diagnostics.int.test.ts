import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  readConnector,
  startConnectorEnv,
  testConnectorVia,
  type ConnectorEnv,
  type Directory,
} from './connector-env.ts';

let env: ConnectorEnv;
let key: string;
let n = 0;
beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'diag');
});
afterAll(() => env.close());

const PEOPLE = [
  { local: 'adele', displayName: 'Adele Vance' },
  { local: 'adams', displayName: 'Conf Room Adams', kind: 'room' as const },
];

/** A fresh directory (and so a fresh msal client) per scenario. */
async function scenario(
  options: Parameters<typeof createDirectory>[2] = {},
): Promise<{ dir: Directory; addresses: string[] }> {
  n += 1;
  const dir = await createDirectory(env, `diag${n}`, { mailboxes: PEOPLE, ...options });
  const addresses = (options.mailboxes ?? PEOPLE).map((m) => `${m.local}@${dir.domain}`);
  return { dir, addresses };
}

const byName = (d: any, name: string) => d.checks.filter((c: any) => c.name === name);

describe('TOKEN outcomes', () => {
  const tokenCases: [string, (dir: Directory) => Promise<Record<string, unknown>>, string, RegExp][] = [
    [
      'a wrong secret value',
      () => Promise.resolve({ clientSecret: 'Wrong~secret~value~0123456789abcdefghij' }),
      'AADSTS7000215',
      /secret's Value .* not its Secret ID.*create a new secret/,
    ],
    [
      'an expired secret',
      async (dir) => {
        const expired = await env.emu.control.addSecret(dir.clientId, { expiresAt: '2020-01-01T00:00:00Z' });
        return { clientSecret: expired.value };
      },
      'AADSTS7000222',
      /New client secret.*aka\.ms\/NewClientSecret/,
    ],
    [
      'an unknown directory',
      () => Promise.resolve({ azureTenantId: randomUUID() }),
      'AADSTS90002',
      /Directory \(tenant\) ID.*cloud/,
    ],
    [
      'an unknown client id',
      () => Promise.resolve({ clientId: randomUUID() }),
      'AADSTS700016',
      /Application \(client\) ID/,
    ],
    [
      'a disabled app',
      async (dir) => {
        await env.emu.control.updateApp(dir.clientId, { enabled: false });
        return {};
      },
      'AADSTS7000112',
      /Enterprise applications .*"Enabled for users to sign-in\?" to Yes/,
    ],
    [
      'an app without a service principal in the tenant',
      async (dir) => {
        await env.emu.control.updateApp(dir.clientId, { hasServicePrincipal: false });
        return {};
      },
      'AADSTS7000229',
      /Grant admin consent|New-MgServicePrincipal/,
    ],
    [
      'an app blocked by Conditional Access',
      async (dir) => {
        await env.emu.control.updateApp(dir.clientId, { blockedByConditionalAccess: true });
        return {};
      },
      'AADSTS53003',
      /Conditional Access/,
    ],
  ];

  it.each(tokenCases)(
    '%s → TOKEN FAIL with the code and remedy, status AUTH_FAILED',
    async (_label, setup, code, remedy) => {
      const { dir, addresses } = await scenario();
      const id = await createSecretConnector(env, key, dir, { ...(await setup(dir)), mailboxes: addresses });
      const d = await testConnectorVia(env, key, id);
      expect(d.ok).toBe(false);
      const [token] = byName(d, 'TOKEN');
      expect(token).toMatchObject({ status: 'FAIL', code });
      expect(token.remedy).toMatch(remedy);
      expect(byName(d, 'PERMISSIONS')[0].status).toBe('SKIPPED');
      expect(byName(d, 'MAILBOX_ACCESS').every((c: any) => c.status === 'SKIPPED')).toBe(true);
      const c = await readConnector(env, key, id);
      expect(c.status).toBe('AUTH_FAILED');
      expect(c.statusDetail).toContain(code);
      expect(c.lastDiagnostics.checks).toEqual(d.checks);
    },
  );

  it.each([
    ['a connection reset', { type: 'reset' }, /could not be reached/],
    ['a 429 from the token endpoint', { type: 'status', status: 429 }, /throttl/],
  ] as const)(
    '%s on a HEALTHY connector → TOKEN FAIL saying it is temporary, status stays HEALTHY',
    async (_label, fault, detail) => {
      const { dir, addresses } = await scenario();
      const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
      await testConnectorVia(env, key, id);
      expect((await readConnector(env, key, id)).status).toBe('HEALTHY');
      // Drop msal's cached token so the check really asks the token endpoint.
      env.core.tokenProvider.clear();
      await env.emu.control.addFault({ ...fault, route: 'token', count: 100 });
      try {
        const d = await testConnectorVia(env, key, id);
        expect(d.ok).toBe(false);
        const [token] = byName(d, 'TOKEN');
        expect(token.status).toBe('FAIL');
        expect(token.remedy).toMatch(/temporary/);
        const c = await readConnector(env, key, id);
        expect(c.status).toBe('HEALTHY');
        expect(c.statusDetail).toMatch(detail);
        expect(c.statusDetail).toMatch(/temporary/);
        expect(c.lastDiagnostics.checks).toEqual(d.checks);
      } finally {
        await env.emu.control.clearFaults();
      }
    },
  );

  it('answers within the time budget when the authority hangs', async () => {
    const { dir } = await scenario();
    await env.emu.control.addFault({ type: 'latency', ms: 60_000, route: 'token', count: 100 });
    try {
      const id = await createSecretConnector(env, key, dir);
      const started = Date.now();
      const d = await testConnectorVia(env, key, id);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(21_000);
      expect(byName(d, 'TOKEN')[0]).toMatchObject({ status: 'FAIL', code: 'Timeout' });
      console.log(`[measure] testConnector with a hung authority answered in ${elapsed} ms`);
    } finally {
      await env.emu.control.clearFaults();
    }
  });
});

describe('PERMISSIONS outcomes', () => {
  it('a token without roles and no grant anywhere → PERMISSIONS WARN, every mailbox denied, CONSENT_REQUIRED', async () => {
    const { dir, addresses } = await scenario({ roles: [] });
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    expect(byName(d, 'TOKEN')[0].status).toBe('PASS');
    const [perm] = byName(d, 'PERMISSIONS');
    expect(perm.status).toBe('WARN');
    expect(perm.message).toMatch(
      /no application permissions.*RBAC for Applications.*mailbox checks below decide/,
    );
    expect(perm.remedy).toMatch(
      /API permissions → .*Microsoft Graph → Application permissions → Calendars\.Read.*Grant admin consent.*green/,
    );
    expect(byName(d, 'MAILBOX_ACCESS').map((c: any) => c.status)).toEqual(['FAIL', 'FAIL']);
    const c = await readConnector(env, key, id);
    expect(c.status).toBe('CONSENT_REQUIRED');
  });

  it('RBAC for Applications: no roles in the token, Exchange grants one room → probes decide, DEGRADED with the Exchange remedy', async () => {
    const { dir, addresses } = await scenario({ roles: [] });
    const room = addresses.find((a) => a.startsWith('adams@'))!;
    const person = addresses.find((a) => a.startsWith('adele@'))!;
    await env.emu.control.addExchangeRoleAssignment(dir.clientId, {
      role: 'Application Calendars.Read',
      scope: { type: 'CustomRecipientScope', name: 'Rooms', members: [room] },
    });
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    expect(byName(d, 'PERMISSIONS')[0].status).toBe('WARN');
    const probes = Object.fromEntries(byName(d, 'MAILBOX_ACCESS').map((c: any) => [c.target, c]));
    expect(probes[room].status).toBe('PASS');
    expect(probes[person].status).toBe('FAIL');
    expect(probes[person].remedy).toMatch(
      new RegExp(
        `New-ManagementRoleAssignment -App ${dir.clientId} -Role "Application Calendars\\.Read" -CustomResourceScope .*Test-ServicePrincipalAuthorization -Identity ${dir.clientId} -Resource ${person}`,
      ),
    );
    const c = await readConnector(env, key, id);
    expect(c.status).toBe('DEGRADED');
    expect(c.statusDetail).toMatch(/1 of 2 probed mailboxes/);
  });

  it('Calendars.Read without Place.Read.All → WARN that room discovery is unavailable, still HEALTHY', async () => {
    const { dir, addresses } = await scenario({ roles: ['Calendars.Read'] });
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    expect(d.ok).toBe(true);
    const [perm] = byName(d, 'PERMISSIONS');
    expect(perm.status).toBe('WARN');
    expect(perm.message).toMatch(/room discovery is unavailable/);
    expect(perm.remedy).toMatch(/Place\.Read\.All/);
    expect((await readConnector(env, key, id)).status).toBe('HEALTHY');
    const rooms = await env.graphql(
      key,
      `mutation($id: ID!) { discoverRooms(connectorId: $id) { address } }`,
      { id },
    );
    expect(rooms.errors?.[0].message).toMatch(/Place\.Read\.All/);
    expect(rooms.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('MAILBOX_ACCESS outcomes', () => {
  it('every mailbox readable → HEALTHY with one PASS per mailbox', async () => {
    const { dir, addresses } = await scenario();
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    expect(d.ok).toBe(true);
    expect(byName(d, 'MAILBOX_ACCESS').map((c: any) => [c.target, c.status])).toEqual(
      addresses.map((a) => [a, 'PASS']).sort(),
    );
    const c = await readConnector(env, key, id);
    expect(c.status).toBe('HEALTHY');
    expect(c.lastCheckedAt).toBe(d.checkedAt);
  });

  it('a mailbox outside the ApplicationAccessPolicy → FAIL naming New-/Test-ApplicationAccessPolicy, DEGRADED', async () => {
    const { dir, addresses } = await scenario();
    await env.emu.control.setAccessPolicy(dir.clientId, {
      accessRight: 'RestrictAccess',
      members: [addresses[0]!],
    });
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    const failed = byName(d, 'MAILBOX_ACCESS').find((c: any) => c.target === addresses[1]);
    expect(failed).toMatchObject({ status: 'FAIL', code: 'ErrorAccessDenied' });
    expect(failed.message).toMatch(/Access to OData is disabled/);
    expect(failed.remedy).toMatch(/New-ApplicationAccessPolicy/);
    expect(failed.remedy).toMatch(
      new RegExp(`Test-ApplicationAccessPolicy -Identity ${addresses[1]} -AppId ${dir.clientId}`),
    );
    expect(byName(d, 'MAILBOX_ACCESS').find((c: any) => c.target === addresses[0]).status).toBe('PASS');
    const c = await readConnector(env, key, id);
    expect(c.status).toBe('DEGRADED');
    expect(c.statusDetail).toContain(addresses[1]);
  });

  it('an address with no mailbox → ErrorInvalidUser; an unlicensed one → MailboxNotEnabledForRESTAPI', async () => {
    const { dir } = await scenario({
      mailboxes: [...PEOPLE, { local: 'onprem', displayName: 'On Prem', restEnabled: false }],
    });
    const ghost = `ghost@${dir.domain}`;
    const onprem = `onprem@${dir.domain}`;
    const id = await createSecretConnector(env, key, dir, {
      mailboxes: [`adele@${dir.domain}`, ghost, onprem],
    });
    const d = await testConnectorVia(env, key, id);
    const probes = Object.fromEntries(byName(d, 'MAILBOX_ACCESS').map((c: any) => [c.target, c]));
    expect(probes[ghost]).toMatchObject({ status: 'FAIL', code: 'ErrorInvalidUser' });
    expect(probes[ghost].remedy).toMatch(/spelling|remove it/);
    expect(probes[onprem]).toMatchObject({ status: 'FAIL', code: 'MailboxNotEnabledForRESTAPI' });
    expect(probes[onprem].message).toMatch(/unlicensed, inactive, soft-deleted or hosted on-premises/);
    expect(probes[`adele@${dir.domain}`].status).toBe('PASS');
    expect((await readConnector(env, key, id)).status).toBe('DEGRADED');
  });

  it('probes a random sample when a connector has more mailboxes than the limit', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      local: `room${i}`,
      displayName: `Room ${i}`,
      kind: 'room' as const,
    }));
    const { dir, addresses } = await scenario({ mailboxes: many });
    const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
    const d = await testConnectorVia(env, key, id);
    const probes = byName(d, 'MAILBOX_ACCESS').filter((c: any) => c.target);
    expect(probes).toHaveLength(25);
    expect(probes.every((c: any) => c.status === 'PASS' && addresses.includes(c.target))).toBe(true);
    expect(
      byName(d, 'MAILBOX_ACCESS').some((c: any) => !c.target && /sample of 25 of 30/.test(c.message)),
    ).toBe(true);
  });
});

describe('time budget', () => {
  it('answers within the budget when Graph hangs on mailbox probes', async () => {
    const { dir, addresses } = await scenario();
    await env.emu.control.addFault({ type: 'latency', ms: 60_000, route: 'calendarView', count: 100 });
    try {
      const id = await createSecretConnector(env, key, dir, { mailboxes: addresses });
      const started = Date.now();
      const d = await testConnectorVia(env, key, id);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(21_000);
      const probes = byName(d, 'MAILBOX_ACCESS');
      expect(probes).toHaveLength(2);
      expect(probes.every((c: any) => c.status === 'WARN' || c.status === 'SKIPPED')).toBe(true);
      console.log(`[measure] testConnector with hung mailbox probes answered in ${elapsed} ms`);
    } finally {
      await env.emu.control.clearFaults();
    }
  });
});

describe('CREDENTIAL_EXPIRY outcomes', () => {
  it('WARNs within 30 days and FAILs after the expiry date', async () => {
    const { dir, addresses } = await scenario();
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const id = await createSecretConnector(env, key, dir, {
      mailboxes: addresses,
      credentialExpiresAt: soon,
    });
    let d = await testConnectorVia(env, key, id);
    expect(byName(d, 'CREDENTIAL_EXPIRY')[0]).toMatchObject({ status: 'WARN' });
    expect(byName(d, 'CREDENTIAL_EXPIRY')[0].message).toMatch(/expires in 10 day/);
    expect((await readConnector(env, key, id)).status).toBe('HEALTHY');

    await env.graphql(
      key,
      `mutation($id: ID!) { updateConnector(id: $id, input: { credentialExpiresAt: "2020-01-01T00:00:00Z" }) { id } }`,
      { id },
    );
    d = await testConnectorVia(env, key, id);
    expect(byName(d, 'CREDENTIAL_EXPIRY')[0]).toMatchObject({ status: 'FAIL' });
    expect(byName(d, 'CREDENTIAL_EXPIRY')[0].remedy).toMatch(/Certificates & secrets/);
    expect(d.ok).toBe(false);
  });
});
