import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { Destination } from './destination.ts';

export interface PinnedPost {
  destination: Destination;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface PinnedPostResult {
  statusCode: number;
  /** The start of the response body, for the delivery log (never more than MAX_RESPONSE_BYTES). */
  excerpt: string;
}

/** Response bytes read at most: a receiver cannot make calsync buffer a large answer. */
export const MAX_RESPONSE_BYTES = 4_096;

/**
 * POSTs to the destination over a connection to its checked address only (the name is not
 * resolved again, so a DNS answer cannot change between the check and the connection; TLS still
 * verifies the certificate against the URL's host name). Redirects are not followed: a 3xx is
 * an answer like any other non-2xx. The whole exchange is bounded by `timeoutMs`.
 */
export async function postPinned(post: PinnedPost): Promise<PinnedPostResult> {
  const { address, family } = post.destination;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const agent = new Agent({ connect: { lookup, timeout: post.timeoutMs } });
  const signal = AbortSignal.timeout(post.timeoutMs);
  try {
    const response = await request(post.destination.url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'user-agent': 'calsync-webhooks', ...post.headers },
      body: post.body,
      signal,
      headersTimeout: post.timeoutMs,
      bodyTimeout: post.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_RESPONSE_BYTES) break;
    }
    response.body.destroy();
    return {
      statusCode: response.statusCode,
      excerpt: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'),
    };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
