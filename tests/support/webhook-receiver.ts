// A local HTTP receiver for webhook deliveries: verifies each delivery with the client SDK's
// helper, as a customer's endpoint would, and records what it accepted.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookVerificationError } from '@calsync/client';

export interface ReceivedChange {
  sequence: number;
  cursor: string;
  changeType: string;
  eventId: string;
  mailboxId: string;
  committedAt: string;
  event: { subject: string | null } | null;
}

export interface WebhookReceiver {
  url: string;
  /** Every change of every accepted (2xx) delivery, in arrival order. */
  changes: ReceivedChange[];
  /** Raw signature headers of accepted deliveries. */
  signatures: string[];
  /** Deliveries refused because no signature matched. */
  rejected: number;
  /** While false the receiver answers 503 without reading the body. */
  up: boolean;
  /** The secret(s) it accepts: any one matching is enough. */
  secrets: string[];
  /** Each answer waits this long (a slow receiver). */
  delayMs: number;
  /** Requests received so far, answered or not. */
  requests: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    changes: [],
    signatures: [],
    rejected: 0,
    up: true,
    secrets: [],
    delayMs: 0,
    requests: 0,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    receiver.requests += 1;
    if (!receiver.up) {
      res.writeHead(503).end('down');
      return;
    }
    void readBody(req).then(async (body) => {
      if (receiver.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, receiver.delayMs));
      const headers = {
        'webhook-id': req.headers['webhook-id'] as string | undefined,
        'webhook-timestamp': req.headers['webhook-timestamp'] as string | undefined,
        'webhook-signature': req.headers['webhook-signature'] as string | undefined,
      };
      for (const secret of receiver.secrets) {
        try {
          const parsed = await verifyWebhook<{ changes: ReceivedChange[] }>(secret, headers, body);
          receiver.changes.push(...parsed.changes);
          receiver.signatures.push(headers['webhook-signature'] ?? '');
          res.writeHead(204).end();
          return;
        } catch (error) {
          if (!(error instanceof WebhookVerificationError)) throw error;
        }
      }
      receiver.rejected += 1;
      res.writeHead(401).end('bad signature');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/calsync`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}
