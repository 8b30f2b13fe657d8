import type pg from 'pg';
import { inSpan, SpanKind } from '../observability/tracing/index.ts';

type QueryArgs = unknown[];
type Callback = (error: Error | null, result?: unknown) => void;

/** `SELECT`, `INSERT`, … : the span name (statement texts vary too much to name spans by). */
function operationOf(text: string | undefined): string {
  return /^\s*([a-z]+)/i.exec(text ?? '')?.[1]?.toUpperCase() ?? 'QUERY';
}

/**
 * Makes every statement a client sends a span (`pg SELECT`, with the SQL text — parameters are
 * never recorded). Installed on each new pool connection, only when tracing is on; pg's pool and
 * drizzle both end in client.query, in its promise form or with a callback.
 */
export function traceClientQueries(client: pg.PoolClient | pg.Client): void {
  const query = client.query.bind(client) as (...args: QueryArgs) => unknown;
  const traced = (...args: QueryArgs): unknown => {
    const first = args[0];
    // A submittable (cursor, stream) is returned to its caller as is: not wrapped.
    if (typeof (first as { submit?: unknown } | undefined)?.submit === 'function') return query(...args);
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    const last = args.at(-1);
    const attributes = { 'db.system.name': 'postgresql', 'db.query.text': text ?? '' };
    return inSpan(`pg ${operationOf(text)}`, { kind: SpanKind.CLIENT, attributes }, () => {
      if (typeof last !== 'function') return Promise.resolve(query(...args));
      // Callback form (pg's pool.query): the span lasts until the callback is called.
      return new Promise((resolve, reject) => {
        query(...args.slice(0, -1), (error: Error | null, result?: unknown) => {
          (last as Callback)(error, result);
          if (error) reject(error);
          else resolve(result);
        });
      });
    }).catch((error: unknown) => {
      // The callback already received the error; the promise form rethrows it.
      if (typeof last === 'function') return undefined;
      throw error;
    });
  };
  (client as { query: unknown }).query = traced;
}
