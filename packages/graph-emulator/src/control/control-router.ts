import { timingSafeEqual } from 'node:crypto';
import { DirectoryError } from '../directory/directory-error.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { controlRoutes } from './control-routes.ts';
import type { ControlDeps } from './control-routes.ts';

/** /_emulator/... : the test/demo control API, guarded by its own bearer key (never a Graph token). */
export function createControlHandler(
  state: EmulatorState,
  deps: Omit<ControlDeps, 'state'>,
): (ctx: RequestContext) => Promise<HttpResult | undefined> {
  const routes = controlRoutes({ state, ...deps });
  const expected = Buffer.from(`Bearer ${deps.controlKey}`);
  return async (ctx) => {
    if (!ctx.path.startsWith('/_emulator/') && ctx.path !== '/_emulator') return undefined;
    ctx.route = 'control';
    const sub = ctx.path.slice('/_emulator'.length) || '/';
    if (sub === '/health') return { status: 200, json: { ok: true } };
    const given = Buffer.from(ctx.req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        status: 401,
        json: {
          error: { code: 'Unauthorized', message: 'Control API needs Authorization: Bearer <controlKey>.' },
        },
      };
    }
    let body: unknown = undefined;
    if (ctx.body.length > 0) {
      try {
        body = JSON.parse(ctx.body.toString('utf8'));
      } catch {
        return { status: 400, json: { error: { code: 'Invalid', message: 'Body is not JSON.' } } };
      }
    }
    for (const r of routes) {
      if (r.method !== ctx.method) continue;
      const m = r.pattern.exec(sub);
      if (!m) continue;
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      try {
        const out = await r.run(params, body, ctx.url.searchParams);
        return out === undefined
          ? { status: 204 }
          : { status: r.method === 'POST' && r.created ? 201 : 200, json: out };
      } catch (err) {
        return controlError(err);
      }
    }
    return {
      status: 404,
      json: { error: { code: 'NotFound', message: `No control route ${ctx.method} ${sub}` } },
    };
  };
}

function controlError(err: unknown): HttpResult {
  if (err instanceof DirectoryError) {
    const status = err.code === 'NotFound' ? 404 : err.code === 'Conflict' ? 409 : 400;
    return { status, json: { error: { code: err.code, message: err.message } } };
  }
  const message = err instanceof Error ? err.message : String(err);
  // The calendar domain signals with error names (EventNotFoundError, InvalidEventInputError).
  const notFound = err instanceof Error && (err.name === 'EventNotFoundError' || /not found/i.test(message));
  if (!notFound && !(err instanceof Error && err.name === 'InvalidEventInputError')) throw err;
  const status = notFound ? 404 : 400;
  return { status, json: { error: { code: status === 404 ? 'NotFound' : 'Invalid', message } } };
}
