import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export type CertificateErrorCode = 'invalid-certificate' | 'invalid-private-key' | 'key-mismatch';

/** A certificate credential that cannot be used. Messages never quote the key. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  readonly code: CertificateErrorCode;

  constructor(code: CertificateErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ParsedCertificate {
  /** Hex, upper case, of the DER certificate: what the Entra portal shows. */
  thumbprintSha1: string;
  /** Hex, upper case; msal signs with PS256 and sends `x5t#S256` when given this. */
  thumbprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  subject: string;
}

/**
 * Parse a certificate and its private key (PEM) and check they belong
 * together, so a connector cannot be saved with a pair Entra will reject
 * (AADSTS700027) only at the first sync.
 */
export function parseCertificateCredential(certificatePem: string, privateKeyPem: string): ParsedCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    throw new CertificateError('invalid-certificate', 'the certificate is not a valid PEM X.509 certificate');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    // Do not chain the cause: node's message may quote parts of the input.
    throw new CertificateError(
      'invalid-private-key',
      'the private key is not a valid unencrypted PEM private key',
    );
  }
  if (!cert.checkPrivateKey(key)) {
    throw new CertificateError('key-mismatch', 'the private key does not belong to the certificate');
  }
  return {
    thumbprintSha1: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(cert.raw).digest('hex').toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    subject: cert.subject,
  };
}
