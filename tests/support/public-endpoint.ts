// The public URL Microsoft posts notifications to, as a load balancer without sticky routing would serve it:
// each HTTP request goes to the next API instance in turn. A test can take the endpoint down (every
// connection refused) to see how the emulator retries.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface PublicEndpoint {
  url: string;
  /** Requests answered by each target (in target order), by method, path and status: `POST /webhooks/graph 202`. */
  answered(): Array<Map<string, number>>;
  /** Refuses every request until restore() (the emulator sees the endpoint as unreachable). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startPublicEndpoint(targets: readonly URL[]): Promise<PublicEndpoint> {
  const answered = targets.map(() => new Map<string, number>());
  const sockets = new Set<Socket>();
  let next = 0;
  let down = false;

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const index = next;
    next = (next + 1) % targets.length;
    const target = targets[index]!;
    const path = (req.url ?? '/').split('?')[0]!;
    const upstream = request(
      {
        host: target.hostname,
        port: Number(target.port),
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (reply) => {
        const key = `${req.method} ${path} ${reply.statusCode}`;
        answered[index]!.set(key, (answered[index]!.get(key) ?? 0) + 1);
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    forward(req, res);
  });
  server.on('connection', (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('public endpoint has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    answered: () => answered.map((m) => new Map(m)),
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
