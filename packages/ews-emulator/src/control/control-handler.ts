import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DirectoryError } from '../directory/ews-directory.ts';
import { controlRoutes, type ControlDeps } from './control-routes.ts';

export const CONTROL_PREFIX = '/_ews-emulator';

function send(res: ServerResponse, status: number, json?: unknown): void {
  const text = json === undefined ? '' : JSON.stringify(json);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** The test/demo control API, guarded by its own bearer key; its calls are not in the request log. */
export function createControlHandler(deps: ControlDeps & { controlKey: string }) {
  const routes = controlRoutes(deps);
  const expected = Buffer.from(`Bearer ${deps.controlKey}`);
  return (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void => {
    const sub = url.pathname.slice(CONTROL_PREFIX.length) || '/';
    if (sub === '/health') return send(res, 200, { ok: true });
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return send(res, 401, {
        error: { code: 'Unauthorized', message: 'Control API needs Authorization: Bearer <controlKey>.' },
      });
    let json: unknown;
    try {
      json = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error: { code: 'Invalid', message: 'Body is not JSON.' } });
    }
    const method = (req.method ?? 'GET').toUpperCase();
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(sub) : null;
      if (!match) continue;
      try {
        const out = route.run(match.slice(1).map(decodeURIComponent), json, url.searchParams);
        return out === undefined ? send(res, 204) : send(res, 200, out);
      } catch (err) {
        if (err instanceof DirectoryError)
          return send(res, err.code === 'NotFound' ? 404 : err.code === 'Conflict' ? 409 : 400, {
            error: { code: err.code, message: err.message },
          });
        if (
          err instanceof Error &&
          (err.name === 'EventNotFoundError' || err.name === 'InvalidEventInputError')
        )
          return send(res, err.name === 'EventNotFoundError' ? 404 : 400, {
            error: { code: err.name, message: err.message },
          });
        throw err;
      }
    }
    return send(res, 404, { error: { code: 'NotFound', message: `No control route ${method} ${sub}` } });
  };
}
