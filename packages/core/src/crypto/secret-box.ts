import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An AES-256 key with the id stored beside each ciphertext it produces. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** Binds a ciphertext to its row: moving it to another tenant's or connector's row makes it undecryptable. */
export interface CipherContext {
  tenantId: string;
  recordId: string;
}

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

const FORMAT = 'v1';
const NONCE_BYTES = 12; // 96-bit nonce, random per encryption (NIST SP 800-38D)

/**
 * AES-256-GCM envelope for credentials at rest: `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url).
 * The first key encrypts; every configured key can decrypt, so keys rotate without downtime.
 */
export interface SecretBox {
  encrypt(plaintext: string, context: CipherContext): string;
  decrypt(envelope: string, context: CipherContext): string;
  /** Key id an envelope was sealed with (for rotation). */
  keyIdOf(envelope: string): string;
  currentKeyId(): string;
}

export function createSecretBox(keys: readonly EncryptionKey[]): SecretBox {
  const [current] = keys;
  if (!current) throw new Error('at least one encryption key is required');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`encryption key ${k.id} must be 32 bytes`);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const aad = (c: CipherContext): Buffer => Buffer.from(`calsync:${c.tenantId}:${c.recordId}`, 'utf8');

  return {
    encrypt(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(aad(context));
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        FORMAT,
        current.id,
        nonce.toString('base64url'),
        sealed.toString('base64url'),
        tag.toString('base64url'),
      ].join('.');
    },
    decrypt(envelope, context) {
      const parts = envelope.split('.');
      const [format, keyId, nonce, sealed, tag] = parts;
      if (parts.length !== 5 || format !== FORMAT || !keyId || !nonce || sealed === undefined || !tag) {
        throw new DecryptionError('unrecognised ciphertext format');
      }
      const key = byId.get(keyId);
      if (!key) throw new DecryptionError(`no configured encryption key has id "${keyId}"`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(aad(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new DecryptionError('ciphertext failed authentication (tampered, or bound to another record)');
      }
    },
    keyIdOf(envelope) {
      return envelope.split('.')[1] ?? '';
    },
    currentKeyId() {
      return current.id;
    },
  };
}
