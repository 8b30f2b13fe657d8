import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { presentsAdminKey } from './admin-key.ts';

export interface WorkerServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Platform admin key guarding /metrics; unset → /metrics always answers 401. */
  adminApiKey: string | undefined;
  /** Postgres and Redis answer, and every BullMQ worker is running. */
  readiness: () => Promise<Record<string, boolean>>;
}

export interface WorkerServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's operator port: `/healthz` (the process serves), `/readyz` (503 unless every check
 * passes) and `/metrics` (Prometheus text, platform admin key). Plain node:http: three routes do
 * not justify a web framework in the worker.
 */
export async function startWorkerServer(options: WorkerServerOptions): Promise<WorkerServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch(() => {
      if (!response.headersSent) send(response, 500, { error: 'internal error', code: 'INTERNAL' });
      else response.end();
    });
  });
  await listen(server, options.host, options.port);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: WorkerServerOptions) {
  const path = new URL(request.url ?? '/', 'http://worker').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, { error: 'method not allowed', code: 'METHOD_NOT_ALLOWED' });
  }
  switch (path) {
    case '/healthz':
      return send(response, 200, { status: 'ok' });
    case '/readyz': {
      const checks = await options.readiness();
      const ready = Object.values(checks).every(Boolean);
      return send(response, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks });
    }
    case '/metrics': {
      if (!presentsAdminKey(request.headers.authorization, options.adminApiKey)) {
        response.setHeader('www-authenticate', 'Basic realm="calsync worker metrics", charset="UTF-8"');
        return send(response, 401, { error: 'the platform admin key is required', code: 'UNAUTHENTICATED' });
      }
      const body = await options.registry.metrics();
      response.writeHead(200, { 'content-type': options.registry.contentType });
      response.end(body);
      return;
    }
    default:
      return send(response, 404, { error: 'not found', code: 'NOT_FOUND' });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
