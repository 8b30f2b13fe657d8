import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from '../request-log.ts';
import type { EmulatorState } from '../state.ts';
import { readBody } from './read-body.ts';
import type { HttpResult, RequestContext } from './types.ts';
import { writeResult } from './write-result.ts';

export type RouteHandler = (ctx: RequestContext) => Promise<HttpResult | 'reset' | undefined>;

/**
 * One listener for the three faces of the emulator (identity, Graph, control), tried in order.
 * Every request is logged with its app, mailbox and timing so tests can check client behaviour.
 */
export function createRequestListener(
  state: EmulatorState,
  origin: () => string,
  handlers: RouteHandler[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: 'InternalServerError', message: 'Emulator internal error.' } }),
        );
      }
      // Surface emulator bugs to the operator without echoing request contents (they may hold secrets).
      console.error('graph-emulator: handler failed', err instanceof Error ? err.stack : err);
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin());
    const clientRequestId = headerValue(req.headers['client-request-id']);
    const ctx: RequestContext = {
      req,
      res,
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path: url.pathname,
      body: Buffer.alloc(0),
      requestId: randomUUID(),
      clientRequestId,
      origin: origin(),
      appId: undefined,
      mailboxId: undefined,
      route: 'unknown',
      onDone: [],
    };
    // Control calls are the test harness talking, not the client under test: keep them out of the log.
    const logged = !url.pathname.startsWith('/_emulator');
    const partial = {
      method: ctx.method,
      path: url.pathname,
      url: url.pathname + url.search,
      route: 'unknown',
      appId: null,
      mailbox: null,
      requestId: ctx.requestId,
      startedAt: state.clock.now().toISOString(),
    };
    const entry: RequestLogEntry = logged
      ? state.requestLog.start(partial)
      : { ...partial, seq: 0, endedAt: null, status: null };
    if (logged) ctx.logSeq = entry.seq;
    let finished = false;
    const finish = (status: number | null): void => {
      if (finished) return;
      finished = true;
      entry.route = ctx.route;
      entry.appId = ctx.appId ?? null;
      entry.mailbox = ctx.mailboxId ?? null;
      entry.status = status;
      entry.endedAt = state.clock.now().toISOString();
      for (const f of ctx.onDone) f();
    };
    res.on('finish', () => finish(res.statusCode));
    res.on('close', () => finish(res.writableFinished ? res.statusCode : null));

    ctx.body = await readBody(req);
    let result: HttpResult | 'reset' | undefined;
    for (const h of handlers) {
      result = await h(ctx);
      if (result !== undefined) break;
    }
    if (result === 'reset') {
      finish(null);
      req.socket.destroy();
      return;
    }
    writeResult(
      ctx,
      result ?? {
        status: 404,
        json: { error: { code: 'NotFound', message: `No emulator route for ${ctx.method} ${ctx.path}` } },
      },
    );
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
