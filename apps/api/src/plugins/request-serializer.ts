import type { FastifyRequest } from 'fastify';

/**
 * What a request log line says about the request. Fastify's default keeps the full URL, and a
 * GraphQL GET carries the whole query and its variables (addresses, search terms) in the
 * query string: only the path is logged, and an ICS feed's path without its token (the path
 * is the credential).
 */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  const path = redactFeedToken(request.url.split('?', 1)[0] ?? '');
  return {
    method: request.method,
    url: path,
    ...(request.url.includes('?') ? { query: '[omitted]' } : {}),
    remoteAddress: request.ip,
  };
}

/** `/ics/<token>.ics` → `/ics/[token].ics`. */
export function redactFeedToken(path: string): string {
  return path.startsWith('/ics/') ? '/ics/[token].ics' : path;
}
