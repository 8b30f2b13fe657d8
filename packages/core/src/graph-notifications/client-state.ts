import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random clientState (Graph allows 128 characters; 43 base64url characters = 256 bits). */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored: the SHA-256 of the clientState, so a database read cannot forge a notification. */
export function hashClientState(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('hex');
}

/** Timing-safe check of a notification's clientState against the stored hash. */
export function clientStateMatches(given: unknown, storedHash: string | null): boolean {
  if (typeof given !== 'string' || storedHash === null) return false;
  const a = Buffer.from(hashClientState(given), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
