import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, postPinned } from './post-pinned.ts';

let server: Server;
let port: number;
const received: { host: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ host: req.headers.host, body });
      if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/big') res.writeHead(200).end('x'.repeat(1_000_000));
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2_000);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const to = (path: string, timeoutMs = 5_000) => ({
  // The name never resolves: the connection goes to the pinned address only.
  destination: {
    url: new URL(`http://receiver.invalid:${port}${path}`),
    address: '127.0.0.1',
    family: 4 as const,
  },
  headers: { 'webhook-id': 'msg_1' },
  body: '{"changes":[]}',
  timeoutMs,
});

describe('pinned webhook posts', () => {
  it('connect to the checked address, keeping the URL host', async () => {
    const result = await postPinned(to('/ok'));
    expect(result.statusCode).toBe(204);
    expect(received.at(-1)).toEqual({ host: `receiver.invalid:${port}`, body: '{"changes":[]}' });
  });

  it('do not follow redirects', async () => {
    const before = received.length;
    expect((await postPinned(to('/redirect'))).statusCode).toBe(302);
    expect(received.length).toBe(before + 1);
  });

  it('read at most a few KiB of the answer', async () => {
    const result = await postPinned(to('/big'));
    expect(result.statusCode).toBe(200);
    expect(result.excerpt.length).toBe(MAX_RESPONSE_BYTES);
  });

  it('give up after the timeout', async () => {
    await expect(postPinned(to('/slow', 300))).rejects.toThrow();
  });
});
