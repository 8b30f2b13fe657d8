import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient } from './graph-http.ts';
import { GraphRequestError, parseRetryAfter } from './graph-request-error.ts';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

const TOKEN = 'eyJ0eXAi.canary-token-value.sig';
let server: Server;
let origin = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const path = (req.url ?? '').split('?')[0] ?? '';
    switch (path) {
      case '/v1.0/ok':
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'rid-1' });
        res.end(JSON.stringify({ value: [1, 2], '@odata.nextLink': `${origin}/v1.0/ok?$skiptoken=abc` }));
        return;
      case '/v1.0/throttled':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2.128' });
        res.end(
          JSON.stringify({
            error: {
              code: 'TooManyRequests',
              message: 'Please retry again later.',
              innerError: { code: '429' },
            },
          }),
        );
        return;
      case '/v1.0/gone':
        res.writeHead(410, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found' },
          }),
        );
        return;
      case '/v1.0/html-error':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
        return;
      case '/v1.0/truncated':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"value":[{"id":"a"');
        return;
      case '/v1.0/slow':
        setTimeout(() => res.end('{}'), 2_000);
        return;
      case '/v1.0/reset':
        req.socket.destroy();
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeClient(timeoutMs = 1_000) {
  return createGraphClient({
    baseUrl: origin,
    getAccessToken: () => Promise.resolve(TOKEN),
    timeoutMs,
    userAgent: 'calsync-test',
  });
}

async function catchError(p: Promise<unknown>): Promise<GraphRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphRequestError);
  return err as GraphRequestError;
}

describe('createGraphClient', () => {
  it('sends the bearer token, Accept, immutable ids and a client-request-id under /v1.0, and returns the body', async () => {
    const client = makeClient();
    const res = await client.get<{ value: number[] }>('/ok', {
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([1, 2]);
    expect(res.headers.get('request-id')).toBe('rid-1');
    const req = seen.at(-1)!;
    expect(req.url).toBe('/v1.0/ok');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers.prefer).toBe('outlook.timezone="UTC", IdType="ImmutableId"');
    expect(req.headers['user-agent']).toBe('calsync-test');
    expect(req.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.requestCount()).toBe(1);
    await client.get('/ok');
    expect(seen.at(-1)!.headers.prefer).toBe('IdType="ImmutableId"');
  });

  it('follows an absolute nextLink on the same origin and refuses any other origin without sending the token', async () => {
    const client = makeClient();
    await client.get(`${origin}/v1.0/ok?$skiptoken=abc`);
    expect(seen.at(-1)!.url).toBe('/v1.0/ok?$skiptoken=abc');
    const before = seen.length;
    const err = await catchError(client.get('https://evil.example.com/v1.0/ok'));
    expect(err.code).toBe('UntrustedLink');
    expect(seen.length).toBe(before);
    expect(client.requestCount()).toBe(1);
  });

  it('turns a 429 into status, Graph code, inner code and a fractional Retry-After', async () => {
    const err = await catchError(makeClient().get('/throttled'));
    expect(err).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      innerCode: '429',
      retryAfterMs: 2128,
      message: 'Please retry again later.',
    });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the 410 code as Graph spells it', async () => {
    const err = await catchError(makeClient().get('/gone'));
    expect(err).toMatchObject({ status: 410, code: 'SyncStateNotFound', retryAfterMs: undefined });
  });

  it('gives non-JSON error bodies a status-derived code', async () => {
    const err = await catchError(makeClient().get('/html-error'));
    expect(err).toMatchObject({ status: 502, code: 'Http502' });
  });

  it('reports truncated JSON, timeouts and connection resets with status 0', async () => {
    const client = makeClient(300);
    expect(await catchError(client.get('/truncated'))).toMatchObject({ status: 0, code: 'InvalidJson' });
    expect(await catchError(client.get('/slow'))).toMatchObject({ status: 0, code: 'Timeout' });
    expect(await catchError(client.get('/reset'))).toMatchObject({ status: 0, code: 'NetworkError' });
    expect(client.requestCount()).toBe(3);
  });

  it('never puts the access token into an error', async () => {
    const client = makeClient(300);
    for (const path of [
      '/throttled',
      '/gone',
      '/html-error',
      '/truncated',
      '/reset',
      'https://evil.example.com/x',
    ]) {
      const err = await catchError(client.get(path));
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(
        'canary-token-value',
      );
    }
  });

  it('names the network failure when nothing listens, and sends a POST body as JSON', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createGraphClient({
      baseUrl: `http://127.0.0.1:${port}`,
      getAccessToken: () => Promise.resolve(TOKEN),
    });
    const err = await catchError(refused.get('/ok'));
    expect(err).toMatchObject({ status: 0, code: 'NetworkError' });
    expect(err.message).toContain('ECONNREFUSED');

    const res = await makeClient().post<{ value: number[] }>('/ok', { requests: [{ id: '1' }] });
    expect(res.body.value).toEqual([1, 2]);
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('lets a caller abort surface as the caller abort, not as a Graph failure', async () => {
    const controller = new AbortController();
    const pending = makeClient(5_000).get('/slow', { signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, fractional seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('10', now)).toBe(10_000);
    expect(parseRetryAfter('2.128', now)).toBe(2128);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
