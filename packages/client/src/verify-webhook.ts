/** The headers calsync signs every webhook delivery with (Standard Webhooks). */
export interface WebhookHeaders {
  'webhook-id': string | undefined;
  'webhook-timestamp': string | undefined;
  'webhook-signature': string | undefined;
}

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

/** Deliveries older or newer than this are refused (replays of a captured request). */
const DEFAULT_TOLERANCE_SECONDS = 300;

function fromBase64(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * Verifies a calsync webhook delivery and returns its parsed body; rejects with
 * WebhookVerificationError when no signature matches `secret` (the `whsec_…` from
 * createWebhookEndpoint / rotateWebhookSecret) or the timestamp is out of tolerance.
 * `body` must be the raw request body, exactly as received. During a secret rotation the header
 * carries several signatures: any one valid signature is enough. Web Crypto only, so it runs in
 * Node 20+, Deno, Bun, workers and browsers alike; the comparison is constant-time (HMAC verify).
 */
export async function verifyWebhook<T = unknown>(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): Promise<T> {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook headers');
  const sentAt = Number(timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isInteger(sentAt) || Math.abs(now - sentAt) > tolerance) {
    throw new WebhookVerificationError('webhook timestamp out of tolerance');
  }
  const keyBytes = secret.startsWith('whsec_') ? fromBase64(secret.slice('whsec_'.length)) : null;
  if (!keyBytes) throw new WebhookVerificationError('not a webhook signing secret');
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    const given = version === 'v1' && value ? fromBase64(value) : null;
    if (given && (await crypto.subtle.verify('HMAC', key, given, signed))) return JSON.parse(body) as T;
  }
  throw new WebhookVerificationError('no webhook signature matches the secret');
}
