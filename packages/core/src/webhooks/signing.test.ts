import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret, signatureHeaders, signatureOf } from './signing.ts';

describe('webhook signing', () => {
  const message = { id: 'msg_1', timestamp: 1_765_000_000, body: '{"changes":[]}' };

  it('signs id.timestamp.body with the base64 key behind whsec_', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update('msg_1.1765000000.{"changes":[]}').digest('base64');
    expect(signatureOf(secret, message)).toBe(`v1,${expected}`);
  });

  it('carries one signature per secret during an overlap, current first', () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const headers = signatureHeaders([current, previous], message);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe('1765000000');
    expect(headers['webhook-signature']).toBe(
      `${signatureOf(current, message)} ${signatureOf(previous, message)}`,
    );
    expect(signatureOf(current, message)).not.toBe(signatureOf(previous, message));
  });
});
