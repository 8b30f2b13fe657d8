import { describe, expect, it } from 'vitest';
import { generateSigningSecret, signatureHeaders } from '@calsync/core';
import { verifyWebhook, WebhookVerificationError } from './verify-webhook.ts';

describe('verifyWebhook', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const message = {
    id: 'msg_1',
    timestamp: Math.floor(now.getTime() / 1000),
    body: '{"changes":[],"cursor":"c"}',
  };

  it('accepts what calsync signs and returns the body', async () => {
    const secret = generateSigningSecret();
    const headers = signatureHeaders([secret], message);
    expect(await verifyWebhook(secret, headers, message.body, { now })).toEqual({ changes: [], cursor: 'c' });
  });

  it('refuses a wrong secret, a changed body and an old timestamp', async () => {
    const secret = generateSigningSecret();
    const headers = signatureHeaders([secret], message);
    await expect(verifyWebhook(generateSigningSecret(), headers, message.body, { now })).rejects.toThrow(
      WebhookVerificationError,
    );
    await expect(verifyWebhook(secret, headers, message.body.replace('c"', 'd"'), { now })).rejects.toThrow(
      /no webhook signature/,
    );
    const later = new Date(now.getTime() + 600_000);
    await expect(verifyWebhook(secret, headers, message.body, { now: later })).rejects.toThrow(/tolerance/);
  });

  it('accepts either secret during a rotation overlap', async () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const headers = signatureHeaders([current, previous], message);
    await expect(verifyWebhook(current, headers, message.body, { now })).resolves.toEqual({
      changes: [],
      cursor: 'c',
    });
    await expect(verifyWebhook(previous, headers, message.body, { now })).resolves.toEqual({
      changes: [],
      cursor: 'c',
    });
  });
});
