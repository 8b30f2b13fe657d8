import { randomUUID } from 'node:crypto';
import { requestGraphFetch, type GraphFetch, type GraphFetchResponse } from './graph-fetch.ts';
import { GraphRequestError, parseRetryAfter } from './graph-request-error.ts';
import { withImmutableIdPreference } from './immutable-id-preference.ts';

export interface GraphClientOptions {
  /**
   * Graph origin (`https://graph.microsoft.com`, `/v1.0` is then appended) or
   * origin plus version path (`https://graph.microsoft.com/beta`).
   */
  baseUrl: string;
  /** Called before every request; msal's cache makes repeated calls cheap. */
  getAccessToken: () => Promise<string>;
  /** How requests reach Graph (default: undici's `request`, graph-fetch.ts). */
  fetchImpl?: GraphFetch | undefined;
  /** Whole-request budget, body included. Default 30 s. */
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
}

export interface GraphGetOptions {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

export interface GraphResponse<T> {
  status: number;
  body: T;
  headers: GraphFetchResponse['headers'];
}

export interface GraphClient {
  /** GET a path relative to the versioned base (`/users/x/calendarView`) or an absolute nextLink/deltaLink. */
  get<T>(pathOrAbsoluteUrl: string, options?: GraphGetOptions): Promise<GraphResponse<T>>;
  /** POST a JSON body to a path relative to the versioned base (`/$batch`). */
  post<T>(path: string, body: unknown, options?: GraphGetOptions): Promise<GraphResponse<T>>;
  /** PATCH a JSON body to a relative path (`/subscriptions/{id}`). */
  patch<T>(path: string, body: unknown, options?: GraphGetOptions): Promise<GraphResponse<T>>;
  /** DELETE a relative path. */
  delete(path: string, options?: GraphGetOptions): Promise<GraphResponse<undefined>>;
  /** Requests sent so far (every attempt handed to the transport, failed or not). */
  requestCount(): number;
  /** Whether `get` would follow this link: relative, or absolute on this client's Graph origin. */
  isOwnLink(pathOrAbsoluteUrl: string): boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Minimal Graph client over a GraphFetch (undici's request by default, graph-fetch.ts). Not the
 * Graph SDK: sync needs exact control of Retry-After, request counting and 410 handling, so
 * retries are left to the caller (the job), which classifies each failure once.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = normaliseBase(options.baseUrl);
  const fetchImpl = options.fetchImpl ?? requestGraphFetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let count = 0;

  async function send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    pathOrAbsoluteUrl: string,
    body: unknown,
    opts: GraphGetOptions,
  ): Promise<GraphResponse<T>> {
    const url = resolveUrl(base, pathOrAbsoluteUrl);
    const clientRequestId = randomUUID();
    const token = await options.getAccessToken();
    const headers: Record<string, string> = {
      ...withImmutableIdPreference(opts.headers),
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      'client-request-id': clientRequestId,
    };
    if (options.userAgent) headers['User-Agent'] = options.userAgent;
    const hasBody = method === 'POST' || method === 'PATCH';
    if (hasBody) headers['Content-Type'] = 'application/json';

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    count += 1;
    try {
      const res = await fetchImpl(url, {
        method,
        headers,
        signal,
        redirect: 'manual',
        ...(hasBody ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const requestId = res.headers.get('request-id') ?? clientRequestId;
      if (res.status < 200 || res.status > 299) throw toHttpError(res, text, requestId);
      return { status: res.status, body: parseBody<T>(text, requestId), headers: res.headers };
    } catch (err) {
      if (err instanceof GraphRequestError) throw err;
      // A caller's own abort is not a Graph failure: let it surface as is.
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (timeout.aborted) {
        throw new GraphRequestError({
          status: 0,
          code: 'Timeout',
          message: `Graph did not answer within ${timeoutMs} ms`,
          requestId: clientRequestId,
        });
      }
      throw new GraphRequestError({
        status: 0,
        code: 'NetworkError',
        message: describeNetworkError(err),
        requestId: clientRequestId,
      });
    }
  }

  return {
    get: (path, opts = {}) => send('GET', path, undefined, opts),
    // Only relative paths: an absolute URL is for following links, which are always GETs.
    post: (path, body, opts = {}) => send('POST', relative(path), body, opts),
    patch: (path, body, opts = {}) => send('PATCH', relative(path), body, opts),
    delete: (path, opts = {}) => send('DELETE', relative(path), undefined, opts),
    requestCount: () => count,
    isOwnLink: (pathOrAbsoluteUrl) =>
      !isAbsolute(pathOrAbsoluteUrl) || originOf(pathOrAbsoluteUrl) === base.origin,
  };
}

function relative(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function normaliseBase(baseUrl: string): URL {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return new URL(`${url.origin}${path === '' ? '/v1.0' : path}`);
}

const isAbsolute = (link: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(link);

function originOf(link: string): string | null {
  try {
    return new URL(link).origin;
  } catch {
    return null;
  }
}

function resolveUrl(base: URL, pathOrAbsoluteUrl: string): string {
  if (isAbsolute(pathOrAbsoluteUrl)) {
    const target = new URL(pathOrAbsoluteUrl);
    // nextLink/deltaLink come from the response body: never send our token to another origin.
    if (target.origin !== base.origin) {
      throw new GraphRequestError({
        status: 0,
        code: 'UntrustedLink',
        message: `refusing to follow a link to another origin (${target.origin})`,
      });
    }
    return target.href;
  }
  const path = pathOrAbsoluteUrl.startsWith('/') ? pathOrAbsoluteUrl : `/${pathOrAbsoluteUrl}`;
  return `${base.href}${path}`;
}

function parseBody<T>(text: string, requestId: string): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    // Seen with truncated pages and proxies answering HTML with a 200.
    throw new GraphRequestError({
      status: 0,
      code: 'InvalidJson',
      message: 'Graph returned a body that is not valid JSON',
      requestId,
    });
  }
}

interface GraphErrorBody {
  error?: { code?: unknown; message?: unknown; innerError?: unknown };
}

function toHttpError(res: GraphFetchResponse, text: string, requestId: string): GraphRequestError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Non-JSON error bodies (gateways) keep the status-derived code.
  }
  return graphErrorFrom(res.status, parsed, res.headers.get('retry-after'), requestId);
}

/**
 * The GraphRequestError for a non-2xx answer: a top-level response or one item of a $batch
 * (whose body is already parsed JSON and whose headers are a plain object).
 */
export function graphErrorFrom(
  status: number,
  body: unknown,
  retryAfter: string | null | undefined,
  requestId: string | undefined,
): GraphRequestError {
  let code = `Http${status}`;
  let message = `Graph answered HTTP ${status}`;
  let innerCode: string | undefined;
  if (typeof body === 'object' && body !== null) {
    const parsed = body as GraphErrorBody;
    if (typeof parsed.error?.code === 'string' && parsed.error.code !== '') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string' && parsed.error.message !== '')
      message = parsed.error.message;
    innerCode = findInnermostCode(parsed.error?.innerError);
  }
  return new GraphRequestError({
    status,
    code,
    message,
    requestId,
    retryAfterMs: parseRetryAfter(retryAfter),
    innerCode,
  });
}

/** innerError may nest further innerErrors with more specific codes (docs/microsoft-graph.md §4.1). */
function findInnermostCode(inner: unknown): string | undefined {
  let found: string | undefined;
  let node: unknown = inner;
  for (let depth = 0; depth < 10 && typeof node === 'object' && node !== null; depth += 1) {
    const record = node as { code?: unknown; innerError?: unknown };
    if (typeof record.code === 'string' && record.code !== '') found = record.code;
    node = record.innerError;
  }
  return found;
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return 'network error';
  // undici's request names the failure on the error itself, fetch on its cause.
  const own = (err as { code?: unknown }).code;
  const cause = (err.cause as { code?: unknown } | undefined)?.code;
  const code = typeof own === 'string' ? own : typeof cause === 'string' ? cause : undefined;
  return `network error talking to Graph${code === undefined ? '' : ` (${code})`}`;
}
