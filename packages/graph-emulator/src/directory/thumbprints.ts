import { X509Certificate, createHash } from 'node:crypto';
import { DirectoryError } from './directory-error.ts';

/** x5t (SHA-1) and x5t#S256 (SHA-256) of a PEM certificate, base64url as in JWT headers. */
export function computeThumbprints(certPem: string): { x5t: string; x5tS256: string; notAfter: Date } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new DirectoryError('Invalid', 'certPem is not a valid PEM certificate');
  }
  return {
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
    notAfter: new Date(cert.validTo),
  };
}
