import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (docs/change-feed.md, "Verifying a delivery"): the secret is
 * `whsec_<base64 key>`, and each signature is `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`.
 * During a rotation overlap the header carries one signature per valid secret, space-separated.
 */
const SECRET_PREFIX = 'whsec_';
const KEY_BYTES = 32;

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(KEY_BYTES).toString('base64');
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('not a webhook signing secret');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export interface SignedMessage {
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

export function signatureOf(secret: string, message: SignedMessage): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a delivery, signed with every secret given (current first). */
export interface SignatureHeaders extends Record<string, string> {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signatureHeaders(secrets: readonly string[], message: SignedMessage): SignatureHeaders {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': secrets.map((secret) => signatureOf(secret, message)).join(' '),
  };
}
