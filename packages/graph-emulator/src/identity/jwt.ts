import { constants, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type JwtHeader = Record<string, unknown> & { alg?: unknown };
export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

const encodePart = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a compact JWS with RS256. */
export function signJwtRs256(header: JwtHeader, claims: JwtClaims, privateKey: KeyObject): string {
  const signingInput = `${encodePart({ ...header, alg: 'RS256' })}.${encodePart(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Splits and parses a compact JWS without checking anything; undefined when it is not a JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, c, s] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(claims)) return undefined;
    return { header, claims, signingInput: `${h}.${c}`, signature: Buffer.from(s, 'base64url') };
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 or PS256 signature (msal-node uses RS256 with x5t, PS256 with x5t#S256). */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const data = Buffer.from(jwt.signingInput);
  try {
    if (jwt.header.alg === 'RS256') return verify('sha256', data, key, jwt.signature);
    if (jwt.header.alg === 'PS256') {
      return verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        jwt.signature,
      );
    }
  } catch {
    return false;
  }
  return false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
