import { X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCertificatePem, generateRsaKeyPem } from '../tls/ensure-tls-files.ts';

/** The key the emulated STS signs access tokens with, and its JWKS entry. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  jwk: Record<string, unknown>;
}

/** Loads or creates the token signing key in `dir`, so tokens stay valid across restarts. */
export async function ensureSigningKey(dir: string): Promise<SigningKey> {
  await mkdir(dir, { recursive: true });
  const keyPath = join(dir, 'token-signing.key');
  const certPath = join(dir, 'token-signing.crt');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const pair = generateRsaKeyPem();
    const certPem = buildCertificatePem({
      subjectCn: 'accounts.accesscontrol.windows.net',
      publicKeyPem: pair.publicKeyPem,
      selfPrivateKeyPem: pair.privateKeyPem,
      validDays: 3650,
    });
    await writeFile(certPath, certPem);
    await writeFile(keyPath, pair.privateKeyPem, { mode: 0o600 });
  }
  const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  const cert = new X509Certificate(certPem);
  const kid = createHash('sha1').update(cert.raw).digest('base64url');
  const publicKey = createPublicKey(certPem);
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    privateKey: createPrivateKey(keyPem),
    publicKey,
    kid,
    jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, x5c: [cert.raw.toString('base64')] },
  };
}
