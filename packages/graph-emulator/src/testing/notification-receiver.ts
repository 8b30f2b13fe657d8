import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverMode = 'echo' | 'slow' | 'encodedEcho' | 'fail';

/** What a receiver got: validation tokens and parsed notification collections. */
export interface ReceivedPost {
  path: string;
  validationToken: string | null;
  body: unknown;
}

/**
 * A plain-http subscriber on 127.0.0.1 for emulator tests: echoes validation tokens (or misbehaves as
 * `mode` says) and answers notifications 202, or 500 in `fail` mode.
 */
export async function startNotificationReceiver(): Promise<{
  url: string;
  received: ReceivedPost[];
  setMode(mode: ReceiverMode): void;
  close(): Promise<void>;
}> {
  let mode: ReceiverMode = 'echo';
  const received: ReceivedPost[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const token = url.searchParams.get('validationToken');
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: url.pathname,
        validationToken: token,
        body: text === '' ? undefined : JSON.parse(text),
      });
      if (mode === 'slow') return; // never answers: the caller's timeout decides
      if (mode === 'fail') {
        res.writeHead(500).end();
        return;
      }
      if (token !== null) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(mode === 'encodedEcho' ? encodeURIComponent(token) : token);
        return;
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setMode: (m) => void (mode = m),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
