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
  const a = Buffer.from(hashApiKey(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison for the platform admin key from configuration. */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
