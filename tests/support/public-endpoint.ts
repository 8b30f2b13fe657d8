// The public URL Microsoft posts notifications to, as a load balancer without sticky routing would serve it:
// each HTTP request goes to the next API instance in turn. A test can take the endpoint down (every
// connection refused) to see how the emulator retries, or mirror each request to every instance (the
// same notification reaching two instances, as Graph's redelivery of a slow answer can).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface PublicEndpoint {
  url: string;
  /** Requests answered by each target (in target order), by method, path and status: `POST /webhooks/graph 202`. */
  answered(): Array<Map<string, number>>;
  /** Refuses every request until restore() (the emulator sees the endpoint as unreachable). */
  cut(): void;
  restore(): void;
  /** While on, every request goes to EVERY instance at once; the caller gets the first one's answer. */
  mirror(on: boolean): void;
  close(): Promise<void>;
}

/** The same method, path and headers, sent on to one target. */
function requestTo(target: URL, req: IncomingMessage, onReply: (reply: IncomingMessage) => void) {
  return request(
    {
      host: target.hostname,
      port: Number(target.port),
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    onReply,
  );
}

export async function startPublicEndpoint(targets: readonly URL[]): Promise<PublicEndpoint> {
  const answered = targets.map(() => new Map<string, number>());
  const sockets = new Set<Socket>();
  let next = 0;
  let down = false;
  let mirrored = false;

  const count = (index: number, req: IncomingMessage, status: number | undefined): void => {
    const key = `${req.method} ${(req.url ?? '/').split('?')[0]!} ${status}`;
    answered[index]!.set(key, (answered[index]!.get(key) ?? 0) + 1);
  };

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const index = next;
    next = (next + 1) % targets.length;
    const target = targets[index]!;
    const upstream = requestTo(target, req, (reply) => {
      count(index, req, reply.statusCode);
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  /** The whole request, sent to every target at once; answers with the first target's reply. */
  const mirror = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const replies = await Promise.all(
      targets.map(
        (target, index) =>
          new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
            (resolve, reject) => {
              const upstream = requestTo(target, req, (reply) => {
                const parts: Buffer[] = [];
                reply.on('data', (part: Buffer) => parts.push(part));
                reply.on('end', () => {
                  count(index, req, reply.statusCode);
                  resolve({
                    status: reply.statusCode ?? 502,
                    headers: reply.headers,
                    body: Buffer.concat(parts),
                  });
                });
              });
              upstream.on('error', reject);
              upstream.end(body);
            },
          ),
      ),
    );
    res.writeHead(replies[0]!.status, replies[0]!.headers);
    res.end(replies[0]!.body);
  };

  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    if (mirrored) mirror(req, res).catch(() => res.destroy());
    else forward(req, res);
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
    mirror(on) {
      mirrored = on;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
