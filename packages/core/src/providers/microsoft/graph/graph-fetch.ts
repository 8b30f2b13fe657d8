import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';

/** What the Graph client reads of an answer: the global `fetch`'s Response has all of it too. */
export interface GraphFetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The request the Graph client sends (a subset of `fetch`'s RequestInit). */
export interface GraphFetchInit {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
}

/**
 * How the Graph client reaches Graph. The global `fetch` fits (tests hand in one that trusts the
 * emulator's CA); the worker's metrics and tracing wrap one.
 */
export type GraphFetch = (url: string, init: GraphFetchInit) => Promise<GraphFetchResponse>;

/** Header look-up over node's plain header object (names arrive in lower case). */
function headerReader(headers: IncomingHttpHeaders): GraphFetchResponse['headers'] {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The default GraphFetch: undici's `request` on the same global connection pool the global
 * `fetch` uses, without the WHATWG Request, Response, Headers and body streams `fetch` builds for
 * every call: about two thirds of a Graph request's Node CPU in the worker (docs/scaling.md,
 * Workers). Redirects are not followed (as with `redirect: 'manual'`); a network failure rejects
 * with undici's error, whose `code` names it (fetch puts it on the error's `cause`).
 */
export const requestGraphFetch: GraphFetch = async (url, init) => {
  const answer = await request(url, {
    method: init.method as Dispatcher.HttpMethod,
    headers: init.headers,
    signal: init.signal,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await answer.body.text();
  return {
    status: answer.statusCode,
    headers: headerReader(answer.headers),
    text: () => Promise.resolve(text),
  };
};
