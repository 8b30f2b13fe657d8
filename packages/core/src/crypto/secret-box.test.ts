import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, DecryptionError } from './secret-box.ts';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const ctx = { tenantId: '11111111-1111-4111-8111-111111111111', recordId: 'connector-1' };

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = createSecretBox([keyA]);
    const sealed = box.encrypt('s3cr3t~value', ctx);
    expect(sealed).not.toContain('s3cr3t');
    expect(box.decrypt(sealed, ctx)).toBe('s3cr3t~value');
  });

  it('uses a fresh nonce per encryption', () => {
    const box = createSecretBox([keyA]);
    expect(box.encrypt('same', ctx)).not.toBe(box.encrypt('same', ctx));
  });

  it('rejects a tampered byte', () => {
    const box = createSecretBox([keyA]);
    const parts = box.encrypt('value', ctx).split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 0x01;
    parts[3] = body.toString('base64url');
    expect(() => box.decrypt(parts.join('.'), ctx)).toThrow(DecryptionError);
  });

  it('rejects a ciphertext moved to another tenant or record', () => {
    const box = createSecretBox([keyA]);
    const sealed = box.encrypt('value', ctx);
    expect(() => box.decrypt(sealed, { ...ctx, tenantId: '22222222-2222-4222-8222-222222222222' })).toThrow(
      DecryptionError,
    );
    expect(() => box.decrypt(sealed, { ...ctx, recordId: 'connector-2' })).toThrow(DecryptionError);
  });

  it('decrypts with an older key after a new key is put first, and encrypts with the new one', () => {
    const sealedWithA = createSecretBox([keyA]).encrypt('value', ctx);
    const rotated = createSecretBox([keyB, keyA]);
    expect(rotated.decrypt(sealedWithA, ctx)).toBe('value');
    expect(rotated.keyIdOf(rotated.encrypt('value', ctx))).toBe('b');
  });

  it('names the missing key id when a key was removed', () => {
    const sealedWithA = createSecretBox([keyA]).encrypt('value', ctx);
    expect(() => createSecretBox([keyB]).decrypt(sealedWithA, ctx)).toThrow(/"a"/);
  });
});
