import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedSummary } from '@calsync/graph-emulator';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateCredential } from './certificate.ts';
import { TokenAcquisitionError } from './token-acquisition-error.ts';
import { createTokenProvider, type ConnectorCredential, type TokenProvider } from './token-provider.ts';

let emulator: TrustedEmulator;
let certDir: string;
let seed: SeedSummary;
let provider: TokenProvider;

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'calsync-core-certs-'));
  emulator = await startTrustedEmulator();
  seed = emulator.emu.state.seedSummary!;
  provider = createTokenProvider({
    authorityHostOverride: emulator.emu.url,
    networkClient: emulator.msalNetworkClient,
  });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(certDir, { recursive: true, force: true });
});

function cred(overrides: Partial<ConnectorCredential> = {}): ConnectorCredential {
  return {
    connectorId: 'conn-1',
    version: 1,
    cloud: 'GLOBAL',
    azureTenantId: seed.tenantId,
    clientId: seed.clientId,
    kind: 'CLIENT_SECRET',
    clientSecret: seed.clientSecret,
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

const tokenRequests = async () => (await emulator.emu.control.requests({ route: 'token' })).length;

describe('token provider against the emulator', () => {
  it('gets an app-only token with the granted roles, then serves it from cache', async () => {
    const before = await tokenRequests();
    const first = await provider.getToken(cred());
    expect(first.roles).toContain('Calendars.Read');
    expect(first.tenantId).toBe(seed.tenantId);
    expect(first.expiresOn.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const second = await provider.getToken(cred());
    expect(second.accessToken).toBe(first.accessToken);
    expect((await tokenRequests()) - before).toBe(1);
  });

  it('forceRefresh asks the authority again and later cached calls get the new token', async () => {
    const cached = await provider.getToken(cred({ connectorId: 'conn-refresh' }));
    const before = await tokenRequests();
    const fresh = await provider.getToken(cred({ connectorId: 'conn-refresh' }), { forceRefresh: true });
    expect(fresh.accessToken).not.toBe(cached.accessToken);
    expect((await tokenRequests()) - before).toBe(1);
    const after = await provider.getToken(cred({ connectorId: 'conn-refresh' }));
    expect(after.accessToken).toBe(fresh.accessToken);
    expect((await tokenRequests()) - before).toBe(1);
  });

  it('classifies a wrong secret as invalid-secret (AADSTS7000215) without echoing it', async () => {
    const err = await failure(
      provider.getToken(
        cred({
          connectorId: 'conn-bad',
          clientSecret: 'canary-wrong-secret',
        }),
      ),
    );
    expect(err).toMatchObject({ kind: 'invalid-secret', aadstsCode: 7000215, httpStatus: 401 });
    expect(JSON.stringify({ ...err, m: err.message })).not.toContain('canary');
  });

  it('classifies an unknown tenant as tenant-not-found (AADSTS90002)', async () => {
    const err = await failure(
      provider.getToken(
        cred({ connectorId: 'conn-tenant', azureTenantId: '0badc0de-0000-4000-8000-000000000000' }),
      ),
    );
    expect(err).toMatchObject({ kind: 'tenant-not-found', aadstsCode: 90002 });
  });

  it('classifies an unknown client id as app-not-found (AADSTS700016)', async () => {
    const err = await failure(
      provider.getToken(cred({ connectorId: 'conn-app', clientId: '0badc0de-1111-4000-8000-000000000000' })),
    );
    expect(err).toMatchObject({ kind: 'app-not-found', aadstsCode: 700016 });
  });

  it('gets a token with a certificate uploaded to the app, and rejects a certificate it does not know', async () => {
    const pem = async (name: string) => {
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
          `/CN=${name}`,
          '-keyout',
          join(certDir, `${name}.key`),
          '-out',
          join(certDir, `${name}.crt`),
        ],
        { stdio: 'ignore' },
      );
      return {
        certificatePem: await readFile(join(certDir, `${name}.crt`), 'utf8'),
        privateKeyPem: await readFile(join(certDir, `${name}.key`), 'utf8'),
      };
    };
    const known = await pem('uploaded');
    const unknown = await pem('not-uploaded');
    await emulator.emu.control.addCertificate(seed.clientId, { certPem: known.certificatePem });
    const certCred = (
      connectorId: string,
      p: { certificatePem: string; privateKeyPem: string },
    ): ConnectorCredential => ({
      connectorId,
      version: 1,
      cloud: 'GLOBAL',
      azureTenantId: seed.tenantId,
      clientId: seed.clientId,
      kind: 'CERTIFICATE',
      ...p,
      thumbprintSha256: parseCertificateCredential(p.certificatePem, p.privateKeyPem).thumbprintSha256,
    });
    expect((await provider.getToken(certCred('conn-cert', known))).roles).toContain('Calendars.Read');
    const err = await failure(provider.getToken(certCred('conn-cert-unknown', unknown)));
    expect(err.httpStatus).toBe(401);
    expect(JSON.stringify({ ...err, m: err.message })).not.toContain('PRIVATE KEY');
  });
});
