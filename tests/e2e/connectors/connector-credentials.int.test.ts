import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificatePem, generateRsaKeyPem } from '@calsync/graph-emulator';
import { createHash, X509Certificate } from 'node:crypto';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  readConnector,
  startConnectorEnv,
  testConnectorVia,
  type ConnectorEnv,
} from './connector-env.ts';

let env: ConnectorEnv;
let key: string;
beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'creds');
});
afterAll(() => env.close());

function makeCertificate(cn: string): { privateKeyPem: string; certificatePem: string } {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPem();
  const certificatePem = buildCertificatePem({
    subjectCn: cn,
    publicKeyPem,
    selfPrivateKeyPem: privateKeyPem,
  });
  return { privateKeyPem, certificatePem };
}

describe('secret rotation without restart', () => {
  it('a corrected secret takes effect for the next token request, bumping the credential version', async () => {
    const dir = await createDirectory(env, 'rotate', {
      mailboxes: [{ local: 'adele', displayName: 'Adele' }],
    });
    const id = await createSecretConnector(env, key, dir, {
      clientSecret: 'Old~secret~that~Entra~rejects~0123456789',
      mailboxes: [`adele@${dir.domain}`],
    });
    const before = await testConnectorVia(env, key, id);
    expect(before.checks.find((c: any) => c.name === 'TOKEN').code).toBe('AADSTS7000215');
    expect((await readConnector(env, key, id)).status).toBe('AUTH_FAILED');

    const res = await env.graphql(
      key,
      `mutation($id: ID!, $s: String!) { updateConnector(id: $id, input: { clientSecret: $s }) { status credentialHint } }`,
      { id, s: dir.secret },
    );
    expect(res.data.updateConnector).toEqual({ status: 'PENDING', credentialHint: dir.secret.slice(-4) });
    const jobs = await env.core.queues.connector.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(
      jobs.some(
        (j) =>
          j.name === 'connector.check' && j.data.connectorId === id && j.data.reason === 'CREDENTIAL_CHANGED',
      ),
    ).toBe(true);

    // Same process, same token provider: only the credential version tells the msal clients apart.
    const after = await testConnectorVia(env, key, id);
    expect(after.ok).toBe(true);
    expect((await readConnector(env, key, id)).status).toBe('HEALTHY');

    // And back: rotating to a secret Entra no longer accepts fails at once, not after the cached token expires.
    await env.emu.control.removeSecret(dir.clientId, dir.secretId);
    const next = await env.emu.control.addSecret(dir.clientId, { displayName: 'next' });
    await env.graphql(
      key,
      `mutation($id: ID!, $s: String!) { updateConnector(id: $id, input: { clientSecret: $s }) { id } }`,
      {
        id,
        s: dir.secret,
      },
    );
    expect((await testConnectorVia(env, key, id)).checks[0].code).toBe('AADSTS7000215');
    await env.graphql(
      key,
      `mutation($id: ID!, $s: String!) { updateConnector(id: $id, input: { clientSecret: $s }) { id } }`,
      {
        id,
        s: next.value,
      },
    );
    expect((await testConnectorVia(env, key, id)).ok).toBe(true);
  });
});

describe('certificate credentials', () => {
  it('stores a certificate, shows its SHA-1 thumbprint as the hint and gets tokens with it', async () => {
    const dir = await createDirectory(env, 'certco', {
      mailboxes: [{ local: 'adele', displayName: 'Adele' }],
    });
    const cert = makeCertificate('calsync-test');
    await env.emu.control.addCertificate(dir.clientId, { certPem: cert.certificatePem });
    const res = await env.graphql(
      key,
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id credentialKind credentialHint credentialExpiresAt } }`,
      {
        input: {
          name: 'cert',
          azureTenantId: dir.tenantId,
          clientId: dir.clientId,
          certificate: cert,
          mailboxes: [`adele@${dir.domain}`],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const x509 = new X509Certificate(cert.certificatePem);
    const sha1 = createHash('sha1').update(x509.raw).digest('hex').toUpperCase();
    expect(res.data.createConnector).toMatchObject({ credentialKind: 'CERTIFICATE', credentialHint: sha1 });
    expect(new Date(res.data.createConnector.credentialExpiresAt).getTime()).toBe(
      new Date(x509.validTo).getTime(),
    );
    expect(res.raw).not.toContain('PRIVATE KEY');
    const d = await testConnectorVia(env, key, res.data.createConnector.id);
    expect(d.checks.find((c: any) => c.name === 'TOKEN').status).toBe('PASS');
    expect(d.ok).toBe(true);
  });

  it('refuses a private key that does not belong to the certificate', async () => {
    const dir = await createDirectory(env, 'certmismatch');
    const a = makeCertificate('a');
    const b = makeCertificate('b');
    const res = await env.graphql(
      key,
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'cert',
          azureTenantId: dir.tenantId,
          clientId: dir.clientId,
          certificate: { certificatePem: a.certificatePem, privateKeyPem: b.privateKeyPem },
        },
      },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificate' });
    expect(res.errors?.[0].message).toMatch(/does not belong to the certificate/);
    expect(res.raw).not.toContain('PRIVATE KEY');
  });
});
