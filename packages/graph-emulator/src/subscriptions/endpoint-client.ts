import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface EndpointResponse {
  status: number;
  contentType: string;
  text: string;
}

export interface EndpointClient {
  /** POSTs to a subscriber; resolves undefined when unreachable or slower than timeoutMs. */
  post(
    url: string,
    body: string,
    contentType: string,
    timeoutMs: number,
  ): Promise<EndpointResponse | undefined>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Graph only calls https endpoints; the emulator also accepts plain http on loopback so a local calsync API
 * can subscribe in tests and the demo.
 */
export function isAllowedEndpoint(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/** Outbound client of the emulator: trusts the public roots plus the CAs the operator gives (test endpoints). */
export function createEndpointClient(extraCaPem: readonly string[] = []): EndpointClient {
  const ca = [...rootCertificates, ...extraCaPem];
  return {
    post(url, body, contentType, timeoutMs) {
      return new Promise((resolve) => {
        const target = new URL(url);
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const signal = AbortSignal.timeout(timeoutMs);
        const req = send(
          target,
          {
            method: 'POST',
            headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
            signal,
            ...(target.protocol === 'https:' ? { ca } : {}),
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', () => resolve(undefined));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                contentType: String(res.headers['content-type'] ?? ''),
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        req.on('error', () => resolve(undefined));
        req.end(body);
      });
    },
  };
}
