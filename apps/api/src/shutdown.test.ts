import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { closeConnectionsWhileStopping, shutDown, type ShutdownTimings } from './shutdown.ts';

interface Started {
  app: FastifyInstance;
  url: string;
  port: number;
  logs: Array<{ msg: string; [key: string]: unknown }>;
  markStopping: () => void;
}

const timings: ShutdownTimings = { drainMs: 3_000, closeStepMs: 1_000, deadlineMs: 20_000 };
const sockets: Socket[] = [];

async function start(): Promise<Started> {
  const logs: Started['logs'] = [];
  const app = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
  });
  const { markStopping } = closeConnectionsWhileStopping(app);
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  });
  app.post('/upload', () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, port, logs, markStopping };
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

describe('API shutdown', () => {
  it('answers a request in flight at SIGTERM, ends its connection and closes without waiting out keep-alive', async () => {
    const { app, url, logs, markStopping } = await start();
    await fetch(`${url}/slow`).then((r) => r.text()); // a kept-alive connection, idle now
    const inFlight = fetch(`${url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    markStopping();
    const began = Date.now();
    const stopping = shutDown(app, [], 'SIGTERM', timings, () => undefined);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ done: true });
    expect(await stopping).toBe(0);
    expect(Date.now() - began).toBeLessThan(timings.drainMs);
    expect(logs.map((l) => l.msg)).toContain('requests drained; closing connections');
    expect(logs.some((l) => l.msg.startsWith('drain period over'))).toBe(false);
  });

  it('drops a half-sent request after the drain period and says how many connections it dropped', async () => {
    const { app, port, logs, markStopping } = await start();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    socket.write(
      'POST /upload HTTP/1.1\r\nHost: calsync\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"partial":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    markStopping();
    const code = await shutDown(app, [], 'SIGTERM', { ...timings, drainMs: 300 }, () => undefined);
    expect(code).toBe(0);
    await ended;
    expect(logs.find((l) => l.msg === 'drain period over; dropping open connections')).toMatchObject({
      openConnections: 1,
    });
  });

  it('bounds each closing step and exits with 1 at the deadline', async () => {
    const { app, logs, markStopping } = await start();
    const exits: number[] = [];
    markStopping();
    const code = await shutDown(
      app,
      [
        { what: 'a pool that never closes', close: () => new Promise(() => undefined) },
        { what: 'the next step', close: () => Promise.resolve() },
      ],
      'SIGTERM',
      { drainMs: 1_000, closeStepMs: 200, deadlineMs: 100 },
      (exitCode) => exits.push(exitCode),
    );
    expect(code).toBe(0);
    expect(exits).toEqual([1]);
    expect(logs.find((l) => l.step === 'a pool that never closes')).toMatchObject({ outcome: 'timeout' });
    expect(logs.map((l) => l.msg)).toContain('shutdown deadline reached; exiting with work still open');
  });
});
