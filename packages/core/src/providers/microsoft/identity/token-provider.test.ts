import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAuthority } from '@calsync/graph-emulator/testing';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCertificateCredential } from './certificate.ts';
import { TokenAcquisitionError } from './token-acquisition-error.ts';
import { createTokenProvider, type ConnectorCredential } from './token-provider.ts';

const TENANT = '11111111-1111-1111-1111-111111111111';
const CLIENT = '22222222-2222-2222-2222-222222222222';
const SECRET = 'canary~SECRET~value~0123456789';
const EMULATOR = 'https://login.test.example:8443';

function secretCred(overrides: Partial<ConnectorCredential> = {}): ConnectorCredential {
  return {
    connectorId: 'c1',
    version: 1,
    cloud: 'GLOBAL',
    azureTenantId: TENANT,
    clientId: CLIENT,
    kind: 'CLIENT_SECRET',
    clientSecret: SECRET,
    ...overrides,
  } as ConnectorCredential;
}

async function failure(p: Promise<unknown>): Promise<TokenAcquisitionError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenAcquisitionError);
  return err as TokenAcquisitionError;
}

describe('createTokenProvider against an operator authority override', () => {
  it('gets a token, decodes roles and makes one token POST to the override host, no discovery', async () => {
    const fake = createFakeAuthority([
      { tenantId: TENANT, clientId: CLIENT, secret: SECRET, roles: ['Calendars.Read', 'Place.Read.All'] },
    ]);
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
    });
    const token = await provider.getToken(secretCred());
    expect(token.roles).toEqual(['Calendars.Read', 'Place.Read.All']);
    expect(token.tenantId).toBe(TENANT);
    expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(fake.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `POST ${EMULATOR}/${TENANT}/oauth2/v2.0/token`,
    ]);
    const post = fake.requests.find((r) => r.method === 'POST')!;
    expect(post.form.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(post.form.get('grant_type')).toBe('client_credentials');
  });

  it('serves the second call from cache and a new credential version from a new client', async () => {
    const fake = createFakeAuthority([
      { tenantId: TENANT, clientId: CLIENT, secret: SECRET, roles: ['Calendars.Read'] },
    ]);
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
    });
    const first = await provider.getToken(secretCred());
    const posts = () => fake.requests.filter((r) => r.method === 'POST').length;
    expect(posts()).toBe(1);
    const second = await provider.getToken(secretCred());
    expect(second.accessToken).toBe(first.accessToken);
    expect(posts()).toBe(1);
    // Rotation: version 2 with a wrong secret must really go to the authority.
    expect((await failure(provider.getToken(secretCred({ version: 2, clientSecret: 'wrong' })))).kind).toBe(
      'invalid-secret',
    );
    expect(posts()).toBe(2);
    provider.clear();
    await provider.getToken(secretCred());
    expect(posts()).toBe(3);
  });

  it('holds the decoded token until msal would renew it: msal is asked again only then, or when forced', async () => {
    const fake = createFakeAuthority([
      { tenantId: TENANT, clientId: CLIENT, secret: SECRET, roles: ['Calendars.Read'] },
    ]);
    let clock = Date.now();
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
      now: () => clock,
    });
    const asked = vi.spyOn(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential');
    try {
      const first = await provider.getToken(secretCred());
      expect(await provider.getToken(secretCred())).toBe(first);
      expect(asked).toHaveBeenCalledTimes(1);
      // A forced refresh (Graph answered 401) goes to msal, past its cache, and is held from then on.
      const forced = await provider.getToken(secretCred(), { forceRefresh: true });
      expect(asked).toHaveBeenCalledTimes(2);
      expect(asked.mock.calls[1]![0]).toMatchObject({ skipCache: true });
      expect(await provider.getToken(secretCred())).toBe(forced);
      expect(asked).toHaveBeenCalledTimes(2);
      // Five minutes before expiry msal renews; so does the provider.
      clock = forced.expiresOn.getTime() - 299_000;
      await provider.getToken(secretCred());
      expect(asked).toHaveBeenCalledTimes(3);
      // Another credential version is another token.
      await provider.getToken(secretCred({ version: 2 }));
      expect(asked).toHaveBeenCalledTimes(4);
    } finally {
      asked.mockRestore();
    }
  });

  it('classifies Entra rejections and never leaks the secret', async () => {
    const fake = createFakeAuthority([{ tenantId: TENANT, clientId: CLIENT, secret: 'the-real-one' }]);
    const warnings: string[] = [];
    const logger = { warn: (obj: object, msg: string) => warnings.push(JSON.stringify(obj) + msg) };
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
      logger,
    });

    const bad = await failure(provider.getToken(secretCred()));
    expect(bad).toMatchObject({
      kind: 'invalid-secret',
      aadstsCode: 7000215,
      httpStatus: 401,
      msalErrorCode: 'invalid_client',
    });
    const unknownApp = await failure(
      provider.getToken(secretCred({ connectorId: 'c2', clientId: '33333333-3333-3333-3333-333333333333' })),
    );
    expect(unknownApp).toMatchObject({ kind: 'app-not-found', aadstsCode: 700016 });
    const unknownTenant = await failure(
      provider.getToken(
        secretCred({ connectorId: 'c3', azureTenantId: '99999999-9999-9999-9999-999999999999' }),
      ),
    );
    expect(unknownTenant).toMatchObject({ kind: 'tenant-not-found', aadstsCode: 90002 });

    for (const err of [bad, unknownApp, unknownTenant])
      expect(JSON.stringify({ ...err, m: err.message, s: err.stack })).not.toContain('canary');
    expect(warnings.join('\n')).not.toContain('canary');
    expect(warnings.some((w) => w.includes('invalid-secret'))).toBe(true);
  });

  it('reports throttling with a retry delay, also when msal refuses locally', async () => {
    const fake = createFakeAuthority([{ tenantId: TENANT, clientId: CLIENT, secret: SECRET }], {
      status: 429,
      retryAfter: '30',
      body: {
        error: 'temporarily_unavailable',
        error_description: 'AADSTS90055: TenantThrottlingError',
        error_codes: [90055],
      },
    });
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
    });
    expect(await failure(provider.getToken(secretCred()))).toMatchObject({
      kind: 'throttled',
      aadstsCode: 90055,
    });
    const posts = fake.requests.filter((r) => r.method === 'POST').length;
    const again = await failure(provider.getToken(secretCred()));
    expect(again.kind).toBe('throttled');
    expect(again.retryAfterMs).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.method === 'POST').length).toBe(posts);
  });
});

describe('createTokenProvider against the real clouds (no override)', () => {
  it.each([
    ['GLOBAL', 'https://login.microsoftonline.com', 'https://graph.microsoft.com/.default'],
    ['US_GOV', 'https://login.microsoftonline.us', 'https://graph.microsoft.us/.default'],
    // msal's built-in metadata for the China cloud names its alias login.partner.microsoftonline.cn as token endpoint.
    ['CHINA', 'https://login.partner.microsoftonline.cn', 'https://microsoftgraph.chinacloudapi.cn/.default'],
  ] as const)(
    '%s: posts straight to the token endpoint on %s, no discovery call',
    async (cloud, host, scope) => {
      const fake = createFakeAuthority([
        { tenantId: TENANT, clientId: CLIENT, secret: SECRET, roles: ['Calendars.Read'] },
      ]);
      const provider = createTokenProvider({ networkClient: fake.networkClient });
      await provider.getToken(secretCred({ cloud }));
      expect(fake.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        `POST ${host}/${TENANT}/oauth2/v2.0/token`,
      ]);
      expect(fake.requests[0]!.form.get('scope')).toBe(scope);
    },
  );
});

describe('certificate credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calsync-tp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sign a client assertion with x5t#S256 and x5c instead of sending a secret', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '30',
        '-subj',
        '/CN=calsync',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      {
        stdio: 'ignore',
      },
    );
    const certificatePem = readFileSync(join(dir, 'c.pem'), 'utf8');
    const privateKeyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
    const { thumbprintSha256 } = parseCertificateCredential(certificatePem, privateKeyPem);
    const fake = createFakeAuthority([{ tenantId: TENANT, clientId: CLIENT, roles: ['Calendars.Read'] }]);
    const provider = createTokenProvider({
      authorityHostOverride: EMULATOR,
      networkClient: fake.networkClient,
    });
    const cred: ConnectorCredential = {
      connectorId: 'cert',
      version: 1,
      cloud: 'GLOBAL',
      azureTenantId: TENANT,
      clientId: CLIENT,
      kind: 'CERTIFICATE',
      certificatePem,
      privateKeyPem,
      thumbprintSha256,
    };
    expect((await provider.getToken(cred)).roles).toEqual(['Calendars.Read']);

    const post = fake.requests.find((r) => r.method === 'POST')!;
    expect(post.form.get('client_secret')).toBeNull();
    expect(post.form.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    const [header, payload] = post.form
      .get('client_assertion')!
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    const der = Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(header['x5t#S256']).toBe(createHash('sha256').update(der).digest('base64url'));
    expect(header.x5c).toEqual([der.toString('base64')]);
    expect(payload).toMatchObject({
      iss: CLIENT,
      sub: CLIENT,
      aud: `${EMULATOR}/${TENANT}/oauth2/v2.0/token`,
    });
    expect(post.form.toString()).not.toContain('PRIVATE');
  });
});
