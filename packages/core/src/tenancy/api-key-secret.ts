import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `csk_<8-char id>_<43-char secret>`: 256 random bits plus a readable
 * prefix used to find the row. Only a SHA-256 of the whole key is stored; a fast hash is
 * enough because the secret has full entropy (no dictionary to attack).
 */
const KEY_PATTERN = /^(csk_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  prefix: string;
  secret: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const prefix = `csk_${id}`;
  const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { prefix, secret, secretHash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The lookup prefix of a presented key, or null when it is not shaped like one of ours. */
export function parseApiKeyPrefix(presented: string): string | null {
  return KEY_PATTERN.exec(presented)?.[1] ?? null;
}

export function apiKeyMatches(presented: string, storedHash: string): boolean {
  return digestMatches(digestSecret(presented), Buffer.from(storedHash, 'hex'));
}

/** The SHA-256 of a presented secret: computed once per request, compared with every candidate. */
export function digestSecret(presented: string): Buffer {
  return createHash('sha256').update(presented, 'utf8').digest();
}

/** Constant-time comparison of a presented secret's digest with a stored one (as bytes). */
export function digestMatches(presentedDigest: Buffer, storedDigest: Buffer): boolean {
  return presentedDigest.length === storedDigest.length && timingSafeEqual(presentedDigest, storedDigest);
}

/** Constant-time comparison for the platform admin key from configuration. */
export function secretsEqual(presented: string, expected: string): boolean {
  return digestMatches(digestSecret(presented), digestSecret(expected));
}
