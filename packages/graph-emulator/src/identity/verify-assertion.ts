import type { AppRegistration, Tenant } from '../directory/types.ts';
import { decodeJwt, verifyJwtSignature } from './jwt.ts';

export type AssertionFailure = { code: number; message: string };

/**
 * Checks a client_assertion (certificate credential, docs/microsoft-graph.md §1.1): the certificate is registered for the app
 * (by x5t#S256 or x5t), the signature verifies, iss/sub are the client id, aud is this tenant's token endpoint,
 * and nbf/exp frame now. Returns undefined when valid.
 */
export function verifyClientAssertion(input: {
  assertion: string;
  app: AppRegistration;
  tenant: Tenant;
  origin: string;
  nowMs: number;
}): AssertionFailure | undefined {
  const jwt = decodeJwt(input.assertion);
  if (!jwt) return { code: 50027, message: 'JWT token is invalid or malformed.' };
  const { header, claims } = jwt;
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const cert = input.app.certificates.find(
    (c) => (s256 !== undefined && c.x5tS256 === s256) || (sha1 !== undefined && c.x5t === sha1),
  );
  if (!cert) {
    return {
      code: 700027,
      message: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${s256 ?? sha1 ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${input.app.clientId}'.]`,
    };
  }
  if (!verifyJwtSignature(jwt, cert.certPem)) {
    return { code: 700027, message: 'Client assertion failed signature validation.' };
  }
  if (cert.expiresAt !== null && Date.parse(cert.expiresAt) <= input.nowMs) {
    return {
      code: 700027,
      message: 'Client assertion contains an invalid signature. [Reason - The key used is expired.]',
    };
  }
  if (claims.iss !== input.app.clientId || claims.sub !== input.app.clientId) {
    return {
      code: 700021,
      message: "Client assertion application identifier doesn't match 'client_id' parameter.",
    };
  }
  if (!audienceAccepted(claims.aud, input.tenant, input.origin)) {
    return {
      code: 50027,
      message: `Invalid JWT token. The audience claim is not valid for this tenant. Expected a value of the form '${input.origin}/${input.tenant.id}/oauth2/v2.0/token'.`,
    };
  }
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  // Entra allows a few minutes of skew. Clients sign with their own wall clock, so when a test has moved the
  // emulator clock the assertion is also accepted if it is valid in real time.
  const skew = 300;
  const validAt = (nowSec: number): boolean =>
    exp !== undefined && exp + skew >= nowSec && (nbf === undefined || nbf - skew <= nowSec);
  if (!validAt(Math.floor(input.nowMs / 1000)) && !validAt(Math.floor(Date.now() / 1000))) {
    return { code: 700024, message: 'Client assertion is not within its valid time range.' };
  }
  return undefined;
}

/** The token endpoint URL, with the tenant as GUID or any verified domain, on this host or on Microsoft's. */
function audienceAccepted(aud: unknown, tenant: Tenant, origin: string): boolean {
  const auds = Array.isArray(aud) ? aud : [aud];
  const hosts = [origin, 'https://login.microsoftonline.com'];
  const tenants = [tenant.id, ...tenant.domains].map((t) => t.toLowerCase());
  return auds.some((a) => {
    if (typeof a !== 'string') return false;
    const lower = a.toLowerCase().replace(/\/$/, '');
    return hosts.some((h) =>
      tenants.some(
        (t) =>
          lower === `${h}/${t}/oauth2/v2.0/token`.toLowerCase() || lower === `${h}/${t}/v2.0`.toLowerCase(),
      ),
    );
  });
}
