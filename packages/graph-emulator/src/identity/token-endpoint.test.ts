import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt.ts';
import { shapeDifferences } from '../testing/json-shape.ts';
import { readSample } from '../testing/samples.ts';
import { startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { TrustedEmulator } from '../testing/trusted-emulator.ts';

let t: TrustedEmulator;
beforeAll(async () => {
  t = await startTrustedEmulator();
});
afterAll(() => t.stop());

const seed = () => t.emu.state.seedSummary!;

describe('token endpoint (docs/microsoft-graph.md §1)', () => {
  it('issues a Bearer token shaped like token-success.json, for the tenant GUID or domain, ignoring unknown form fields', async () => {
    for (const tenant of [seed().tenantId, seed().tenantDomain]) {
      const res = await t.requestToken({
        tenant,
        clientId: seed().clientId,
        secret: seed().clientSecret,
        extra: {
          'x-client-SKU': 'msal.js.node',
          'client-request-id': 'abc',
          'x-ms-lib-capability': 'retry-after, h429',
        },
      });
      expect(res.status).toBe(200);
      expect(shapeDifferences(res.json, readSample('token-success.json'))).toEqual([]);
      expect((res.json as { expires_in: number }).expires_in).toBe(3599);
    }
  });

  it('accepts the secret through HTTP Basic', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(seed().clientId)}:${encodeURIComponent(seed().clientSecret)}`,
    ).toString('base64');
    const res = await t.http.send(`${t.emu.url}/${seed().tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
    });
    expect(res.status).toBe(200);
  });

  it('mints app-only claims like app-only-access-token-claims.json', async () => {
    const jwt = decodeJwt(await t.seededToken())!;
    const sample = readSample('app-only-access-token-claims.json') as Record<string, unknown>;
    const { _header: sampleHeader, ...sampleClaims } = sample;
    expect(shapeDifferences(jwt.claims, sampleClaims)).toEqual([]);
    expect(shapeDifferences(jwt.header, sampleHeader)).toEqual([]);
    expect(jwt.claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: seed().tenantId,
      appid: seed().clientId,
      appidacr: '1',
      ver: '1.0',
    });
    expect(jwt.claims.scp).toBeUndefined();
  });

  it('omits the roles claim when nothing is consented', async () => {
    const app = await t.emu.control.createApp({
      tenantId: seed().tenantId,
      displayName: 'no consent',
      roles: [],
    });
    const secret = await t.emu.control.addSecret(app.clientId);
    const res = await t.requestToken({
      tenant: seed().tenantId,
      clientId: app.clientId,
      secret: secret.value,
    });
    expect(res.status).toBe(200);
    const jwt = decodeJwt((res.json as { access_token: string }).access_token)!;
    expect('roles' in jwt.claims).toBe(false);
  });

  const errorCases: Array<{
    name: string;
    sample: string;
    status: number;
    code: number;
    run: () => Promise<{ status: number; json: unknown }>;
  }> = [
    {
      name: 'wrong secret',
      sample: 'token-error-invalid-secret.json',
      status: 401,
      code: 7000215,
      run: () =>
        t.requestToken({ tenant: seed().tenantId, clientId: seed().clientId, secret: 'not-the-secret' }),
    },
    {
      name: 'expired secret',
      sample: 'token-error-expired-secret.json',
      status: 401,
      code: 7000222,
      run: async () => {
        const s = await t.emu.control.addSecret(seed().clientId, {
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        });
        return t.requestToken({ tenant: seed().tenantId, clientId: seed().clientId, secret: s.value });
      },
    },
    {
      name: 'unknown tenant',
      sample: 'token-error-tenant-not-found.json',
      status: 400,
      code: 90002,
      run: () =>
        t.requestToken({
          tenant: 'nowhere.onmicrosoft.com',
          clientId: seed().clientId,
          secret: seed().clientSecret,
        }),
    },
    {
      name: 'app not in tenant',
      sample: 'token-error-app-not-found.json',
      status: 400,
      code: 700016,
      run: () =>
        t.requestToken({
          tenant: seed().tenantId,
          clientId: '11111111-2222-3333-4444-555555555555',
          secret: 'x',
        }),
    },
    {
      name: 'disabled app',
      sample: 'token-error-app-disabled.json',
      status: 400,
      code: 7000112,
      run: async () => {
        const app = await t.emu.control.createApp({
          tenantId: seed().tenantId,
          displayName: 'off',
          enabled: false,
        });
        const s = await t.emu.control.addSecret(app.clientId);
        return t.requestToken({ tenant: seed().tenantId, clientId: app.clientId, secret: s.value });
      },
    },
    {
      name: 'scope without /.default',
      sample: 'token-error-scope-not-default.json',
      status: 400,
      code: 1002012,
      run: () =>
        t.requestToken({
          tenant: seed().tenantId,
          clientId: seed().clientId,
          secret: seed().clientSecret,
          scope: 'Calendars.Read',
        }),
    },
  ];

  it.each(errorCases)('$name → $status AADSTS$code with Microsoft’s body shape', async (c) => {
    const res = await c.run();
    const sample = readSample(c.sample) as { error: string };
    expect(res.status).toBe(c.status);
    expect(shapeDifferences(res.json, sample)).toEqual([]);
    const body = res.json as {
      error: string;
      error_codes: number[];
      error_description: string;
      timestamp: string;
    };
    expect(body.error).toBe(sample.error);
    expect(body.error_codes).toEqual([c.code]);
    expect(body.error_description).toMatch(
      new RegExp(
        `^AADSTS${c.code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  it('never echoes the submitted secret in an error', async () => {
    const res = await t.requestToken({
      tenant: seed().tenantId,
      clientId: seed().clientId,
      secret: 'leaky-secret-value',
    });
    expect(res.text).not.toContain('leaky-secret-value');
  });

  it('expires secrets by the emulator clock', async () => {
    const s = await t.emu.control.addSecret(seed().clientId, {
      expiresAt: new Date(t.emu.state.clock.nowMs() + 3600_000).toISOString(),
    });
    const ok = await t.requestToken({ tenant: seed().tenantId, clientId: seed().clientId, secret: s.value });
    expect(ok.status).toBe(200);
    await t.emu.control.advanceClock(2 * 3600_000);
    try {
      const expired = await t.requestToken({
        tenant: seed().tenantId,
        clientId: seed().clientId,
        secret: s.value,
      });
      expect((expired.json as { error_codes: number[] }).error_codes).toEqual([7000222]);
    } finally {
      await t.emu.control.advanceClock(-2 * 3600_000);
    }
  });
});

describe('discovery', () => {
  it('serves an openid-configuration shaped like Microsoft’s, pointing at the emulator', async () => {
    const res = await t.get(`/${seed().tenantDomain}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(
      shapeDifferences(res.json, readSample('openid-configuration-common-v2.json'), {
        nullable: ['tenant_region_scope'],
      }),
    ).toEqual([]);
    const body = res.json as { token_endpoint: string; jwks_uri: string };
    expect(body.token_endpoint).toBe(`${t.emu.url}/${seed().tenantId}/oauth2/v2.0/token`);
    const jwks = await t.get(new URL(body.jwks_uri).pathname);
    expect((jwks.json as { keys: Array<{ kid: string }> }).keys[0]!.kid).toBe(t.emu.state.signingKey.kid);
  });

  it('answers 90002 for an unknown tenant at discovery too', async () => {
    const res = await t.get('/unknown.example/v2.0/.well-known/openid-configuration');
    expect(res.status).toBe(400);
    expect((res.json as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('lists the emulator host in instance discovery', async () => {
    const res = await t.get(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${t.emu.url}/${seed().tenantId}/oauth2/v2.0/authorize`)}`,
    );
    expect(res.status).toBe(200);
    expect(shapeDifferences(res.json, readSample('instance-discovery-response.json'))).toEqual([]);
    const host = new URL(t.emu.url).host;
    expect((res.json as { metadata: Array<{ aliases: string[] }> }).metadata[0]!.aliases).toContain(host);
  });
});
