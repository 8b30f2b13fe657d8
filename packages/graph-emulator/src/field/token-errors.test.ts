import { createPrivateKey, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwtRs256 } from '../identity/jwt.ts';
import { buildCertificatePem, generateRsaKeyPem } from '../tls/ensure-tls-files.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.9: token errors seen in real tenants, in Entra's body shape.
let t: TrustedEmulator;
let org: ProvisionedTenant;

interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  suberror?: string;
}

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
});
afterAll(() => t.stop());

const token = (input: { clientId?: string; secret?: string; scope?: string } = {}) =>
  t.requestToken({
    tenant: org.tenantId,
    clientId: input.clientId ?? org.clientId,
    secret: input.secret ?? org.secret,
    ...(input.scope === undefined ? {} : { scope: input.scope }),
  });

describe('field token errors', () => {
  it('AADSTS7000229: an app without a service principal in the tenant (401 invalid_client)', async () => {
    await t.emu.control.updateApp(org.clientId, { hasServicePrincipal: false });
    try {
      const res = await token();
      expect(res.status).toBe(401);
      const body = res.json as AadErrorBody;
      expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
      expect(body.error_description).toMatch(
        /^AADSTS7000229: The client application .* is missing service principal/,
      );
    } finally {
      await t.emu.control.updateApp(org.clientId, { hasServicePrincipal: true });
    }
  });

  it('AADSTS53003: blocked by Conditional Access after the client authenticated', async () => {
    await t.emu.control.updateApp(org.clientId, { blockedByConditionalAccess: true });
    try {
      expect(((await token({ secret: 'wrong' })).json as AadErrorBody).error_codes).toEqual([7000215]);
      const res = await token();
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        error: 'interaction_required',
        error_codes: [53003],
        suberror: 'message_only',
      });
    } finally {
      await t.emu.control.updateApp(org.clientId, { blockedByConditionalAccess: false });
    }
  });

  it('AADSTS700024: an assertion outside its validity (clock skew) is refused with 401 invalid_client', async () => {
    const key = generateRsaKeyPem();
    const certPem = buildCertificatePem({
      subjectCn: 'skewed',
      publicKeyPem: key.publicKeyPem,
      selfPrivateKeyPem: key.privateKeyPem,
    });
    const cert = await t.emu.control.addCertificate(org.clientId, { certPem });
    const issuedAt = Math.floor(Date.now() / 1000) - 7200; // a client clock two hours behind
    const assertion = signJwtRs256(
      { typ: 'JWT', x5t: cert.x5t },
      {
        aud: `${t.emu.url}/${org.tenantId}/oauth2/v2.0/token`,
        iss: org.clientId,
        sub: org.clientId,
        jti: randomUUID(),
        nbf: issuedAt,
        exp: issuedAt + 600,
      },
      createPrivateKey(key.privateKeyPem),
    );
    const res = await t.requestToken({
      tenant: org.tenantId,
      clientId: org.clientId,
      extra: {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client', error_codes: [700024] });
  });

  it('AADSTS500011: a resource that is not Microsoft Graph (400 invalid_resource)', async () => {
    const res = await token({ scope: 'https://graph.microsoft.us/.default' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it('unauthorized_client for an app unknown to the tenant, invalid_client for a wrong secret', async () => {
    const unknown = await token({ clientId: '11111111-2222-3333-4444-555555555555' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const wrong = await token({ secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });
});
