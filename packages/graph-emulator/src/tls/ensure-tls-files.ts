import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';

/** PEM material the HTTPS server needs, plus where the CA lives for NODE_EXTRA_CA_CERTS. */
export interface TlsFiles {
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';
const SERVER_CERT = 'server.crt';
const SERVER_KEY = 'server.key';

/**
 * Generates a local CA and a server certificate for localhost/127.0.0.1/::1 into `dir`,
 * or reuses them when they already exist so a trusted CA path stays valid across restarts.
 */
export async function ensureTlsFiles(dir: string): Promise<TlsFiles> {
  await mkdir(dir, { recursive: true });
  const paths = [CA_CERT, CA_KEY, SERVER_CERT, SERVER_KEY].map((f) => join(dir, f));
  if (!paths.every((p) => existsSync(p))) {
    await writeTlsFiles(dir);
  }
  const [caCertPem, , certPem, keyPem] = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
  return { caCertPath: join(dir, CA_CERT), caCertPem: caCertPem!, certPem: certPem!, keyPem: keyPem! };
}

/** RSA keys come from node:crypto (native, fast); node-forge only builds and signs the X.509 structures. */
export function generateRsaKeyPem(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Builds an X.509 certificate; self-signed when no issuer is given. */
export function buildCertificatePem(input: {
  subjectCn: string;
  publicKeyPem: string;
  issuer?: { cn: string; privateKeyPem: string } | undefined;
  selfPrivateKeyPem?: string | undefined;
  isCa?: boolean | undefined;
  altNames?: Array<{ type: 2; value: string } | { type: 7; ip: string }> | undefined;
  validDays?: number | undefined;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(input.publicKeyPem);
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + (input.validDays ?? 3650) * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: input.subjectCn }]);
  cert.setIssuer([{ name: 'commonName', value: input.issuer?.cn ?? input.subjectCn }]);
  const extensions: object[] = input.isCa
    ? [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ]
    : [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      ];
  if (input.altNames) extensions.push({ name: 'subjectAltName', altNames: input.altNames });
  cert.setExtensions(extensions);
  const signerPem = input.issuer?.privateKeyPem ?? input.selfPrivateKeyPem;
  if (!signerPem) throw new Error('buildCertificatePem: a signing key is required');
  cert.sign(forge.pki.privateKeyFromPem(signerPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

async function writeTlsFiles(dir: string): Promise<void> {
  const ca = generateRsaKeyPem();
  const caCn = 'calsync graph-emulator local CA';
  const caCertPem = buildCertificatePem({
    subjectCn: caCn,
    publicKeyPem: ca.publicKeyPem,
    selfPrivateKeyPem: ca.privateKeyPem,
    isCa: true,
  });
  const server = generateRsaKeyPem();
  const serverCertPem = buildCertificatePem({
    subjectCn: 'localhost',
    publicKeyPem: server.publicKeyPem,
    issuer: { cn: caCn, privateKeyPem: ca.privateKeyPem },
    altNames: [
      { type: 2, value: 'localhost' },
      { type: 7, ip: '127.0.0.1' },
      { type: 7, ip: '::1' },
    ],
    validDays: 825,
  });
  await writeFile(join(dir, CA_KEY), ca.privateKeyPem, { mode: 0o600 });
  await writeFile(join(dir, SERVER_KEY), server.privateKeyPem, { mode: 0o600 });
  await writeFile(join(dir, SERVER_CERT), serverCertPem);
  // CA written last: its presence marks a complete set.
  await writeFile(join(dir, CA_CERT), caCertPem);
}
