import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface HttpsRequest {
  method?: string | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | Buffer | undefined;
}

/**
 * A minimal HTTPS client that trusts the emulator's CA explicitly (NODE_EXTRA_CA_CERTS is only read at process
 * start). Used by the control client; tests and benchmarks may use it as a "plain HTTPS client".
 */
export function createHttpsClient(caCertPem: string, options: { maxSockets?: number | undefined } = {}) {
  const agent = new Agent({ ca: caCertPem, keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  return {
    agent,
    send(url: string, req: HttpsRequest = {}): Promise<HttpsResponse> {
      return new Promise((resolve, reject) => {
        const r = request(url, { method: req.method ?? 'GET', headers: req.headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = undefined;
            try {
              json = text === '' ? undefined : JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        });
        r.on('error', reject);
        r.end(req.body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}

export type HttpsClient = ReturnType<typeof createHttpsClient>;
