import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CertificateError, parseCertificateCredential } from './certificate.ts';

const dir = mkdtempSync(join(tmpdir(), 'calsync-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Pair {
  certPem: string;
  keyPem: string;
  certPath: string;
}

function makeSelfSigned(name: string, days: number): Pair {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      String(days),
      '-subj',
      `/CN=${name}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    {
      stdio: 'ignore',
    },
  );
  return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8'), certPath };
}

function opensslFingerprint(certPath: string, algorithm: 'sha1' | 'sha256'): string {
  const out = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', `-${algorithm}`], {
    encoding: 'utf8',
  });
  return out.split('=')[1]!.trim().replaceAll(':', '').toUpperCase();
}

const a = makeSelfSigned('calsync-a', 30);
const b = makeSelfSigned('calsync-b', 365);

describe('parseCertificateCredential', () => {
  it('computes the thumbprints openssl computes and reads the expiry', () => {
    const parsed = parseCertificateCredential(a.certPem, a.keyPem);
    expect(parsed.thumbprintSha1).toBe(opensslFingerprint(a.certPath, 'sha1'));
    expect(parsed.thumbprintSha256).toBe(opensslFingerprint(a.certPath, 'sha256'));
    expect(parsed.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(parsed.subject).toContain('CN=calsync-a');
    const daysLeft = (parsed.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(29);
    expect(daysLeft).toBeLessThan(31);
    expect(parsed.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a key that belongs to another certificate', () => {
    expect(() => parseCertificateCredential(a.certPem, b.keyPem)).toThrow(
      expect.objectContaining({ code: 'key-mismatch' }),
    );
  });

  it('refuses garbage without quoting the key material', () => {
    expect(() => parseCertificateCredential('not a cert', a.keyPem)).toThrow(
      expect.objectContaining({ code: 'invalid-certificate' }),
    );
    const brokenKey = a.keyPem.replace(/[A-Za-z]{20}/, 'SECRETCANARY');
    let caught: unknown;
    try {
      parseCertificateCredential(a.certPem, brokenKey);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CertificateError);
    expect((caught as CertificateError).code).toBe('invalid-private-key');
    expect(String((caught as Error).message)).not.toContain('SECRETCANARY');
    expect((caught as Error).cause).toBeUndefined();
  });
});
