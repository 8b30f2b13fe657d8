import { createHash, randomUUID } from 'node:crypto';

/** Source of GUIDs and secret strings: deterministic when seeded, random otherwise. */
export interface IdSource {
  guid(): string;
  /** An Entra-looking client secret value (40 chars with the `~` marker real secrets carry). */
  secretValue(): string;
}

const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';

export function createIdSource(seed?: string): IdSource {
  let counter = 0;
  const nextBytes = (): Buffer => {
    counter += 1;
    return createHash('sha256')
      .update(`${seed ?? ''}:${counter}`)
      .digest();
  };
  const guidFromBytes = (b: Buffer): string => {
    const h = Buffer.from(b.subarray(0, 16));
    h[6] = (h[6]! & 0x0f) | 0x40;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const s = h.toString('hex');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
  };
  return {
    guid: () => (seed === undefined ? randomUUID() : guidFromBytes(nextBytes())),
    secretValue() {
      const bytes =
        seed === undefined
          ? Buffer.from(randomUUID() + randomUUID())
          : Buffer.concat([nextBytes(), nextBytes()]);
      const chars = Array.from(bytes.subarray(0, 37), (x) => SECRET_ALPHABET[x % SECRET_ALPHABET.length]!);
      return `${chars.slice(0, 3).join('')}8Q~${chars.slice(3).join('')}`;
    },
  };
}
