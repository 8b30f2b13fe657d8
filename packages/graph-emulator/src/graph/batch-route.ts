import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { graphError } from './graph-error.ts';

/** Graph refuses a batch of more than 20 requests (docs/microsoft-graph.md §6.1). */
export const MAX_BATCH_REQUESTS = 20;
/** Outlook runs up to 4 items of one batch at a time (docs/microsoft-graph.md §6.1). */
const ITEM_PARALLELISM = 4;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Runs one Graph request; the same pipeline as a top-level call (faults, token, throttling, handlers). */
export type GraphPipeline = (ctx: RequestContext) => Promise<HttpResult | 'reset'>;

export function isBatchPath(path: string): boolean {
  return path.replace(/\/+$/, '').toLowerCase() === '/v1.0/$batch';
}

/**
 * POST /v1.0/$batch (docs/microsoft-graph.md §6.1): each item goes through the normal Graph pipeline on its own,
 * so it is throttled and faulted individually and answers with its own status inside a 200 batch.
 * A connection-reset fault on any item resets the whole batch connection; a body fault corrupts the
 * whole batch body: both act on the one HTTP exchange that carries the items.
 */
export async function handleBatch(
  ctx: RequestContext,
  state: EmulatorState,
  pipeline: GraphPipeline,
): Promise<HttpResult | 'reset'> {
  const now = state.clock.now();
  if (ctx.method !== 'POST')
    return graphError(ctx, now, 405, 'BadRequest', 'Only POST is supported on $batch.');
  const parsed = parseBatch(ctx.body);
  if (typeof parsed === 'string') return graphError(ctx, now, 400, 'BadRequest', parsed);

  const outcomes = new Map<string, Promise<BatchItemResponse | 'reset'>>();
  const slots = createSlots(ITEM_PARALLELISM);
  const run = async (item: BatchItem): Promise<BatchItemResponse | 'reset'> => {
    const deps = await Promise.all(item.dependsOn.map((d) => outcomes.get(d.toLowerCase())!));
    if (deps.some((d) => d === 'reset')) return 'reset';
    if (deps.some((d) => d !== 'reset' && (d.status < 200 || d.status > 299))) {
      return failedDependency(item.id);
    }
    const release = await slots.acquire();
    try {
      return await runItem(ctx, state, item, pipeline);
    } finally {
      release();
    }
  };
  // An item may depend on one declared after it: every promise exists before any item starts.
  for (const item of parsed)
    outcomes.set(
      item.id.toLowerCase(),
      deferred(() => run(item)),
    );
  const responses = await Promise.all(parsed.map((item) => outcomes.get(item.id.toLowerCase())!));
  if (responses.some((r) => r === 'reset')) return 'reset';
  const items = responses.filter((r): r is BatchItemResponse => r !== 'reset');
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    json: { responses: items },
  };
}

/** Starts `fn` on the next microtask so every item's promise exists before any dependency is awaited. */
function deferred<T>(fn: () => Promise<T>): Promise<T> {
  return Promise.resolve().then(fn);
}

async function runItem(
  outer: RequestContext,
  state: EmulatorState,
  item: BatchItem,
  pipeline: GraphPipeline,
): Promise<BatchItemResponse | 'reset'> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(item.url)) {
    return {
      id: item.id,
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: {
        error: { code: 'BadRequest', message: 'Batch request URLs must be relative to the service root.' },
      },
    };
  }
  const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
  const url = new URL(`/v1.0${relative}`, outer.origin);
  const headers: IncomingHttpHeaders = { ...item.headers, authorization: outer.req.headers.authorization };
  const sub: RequestContext = {
    ...outer,
    // Handlers read only headers from the request; the item carries its own.
    req: { headers } as unknown as IncomingMessage,
    method: item.method.toUpperCase(),
    url,
    path: url.pathname,
    body: Buffer.from(item.body === undefined ? '' : JSON.stringify(item.body)),
    requestId: randomUUID(),
    clientRequestId: item.headers['client-request-id'] ?? outer.clientRequestId,
    route: 'unknown',
    appId: undefined,
    mailboxId: undefined,
    bodyFault: undefined,
    onDone: [],
  };
  // Each item is logged as an entry of its own, so tests can see how many ran at once (4 at most).
  const entry = state.requestLog.start({
    method: sub.method,
    path: sub.path,
    url: sub.path + url.search,
    route: 'unknown',
    appId: null,
    mailbox: null,
    requestId: sub.requestId,
    startedAt: state.clock.now().toISOString(),
    batch: { seq: outer.logSeq ?? 0, itemId: item.id },
  });
  let status: number | null = null;
  try {
    const result = await pipeline(sub);
    if (result === 'reset') return 'reset';
    status = result.status;
    if (sub.bodyFault) outer.bodyFault = sub.bodyFault;
    outer.appId ??= sub.appId;
    // The batch's log entry names the first mailbox an item addressed (the sync batches one mailbox at a time).
    outer.mailboxId ??= sub.mailboxId;
    return toItemResponse(item.id, sub, result);
  } finally {
    entry.route = sub.route;
    entry.appId = sub.appId ?? null;
    entry.mailbox = sub.mailboxId ?? null;
    entry.status = status;
    entry.endedAt = state.clock.now().toISOString();
    // The item's throttle slot is held only while it runs, like a top-level request.
    for (const f of sub.onDone) f();
  }
}

/** Item headers as Graph writes them in batch-response.json: canonical casing, not lower-case. */
function toItemResponse(id: string, sub: RequestContext, result: HttpResult): BatchItemResponse {
  const headers: Record<string, string> = { 'Cache-Control': 'no-cache', 'x-ms-resource-unit': '1' };
  const ok = result.status >= 200 && result.status <= 299;
  if (ok) headers['OData-Version'] = '4.0';
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[canonicalHeader(k)] = v;
  headers['request-id'] = sub.requestId;
  if (result.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    return { id, status: result.status, headers, body: result.json };
  }
  if (result.text !== undefined && result.text !== '')
    return { id, status: result.status, headers, body: result.text };
  return { id, status: result.status, headers };
}

function canonicalHeader(name: string): string {
  const lower = name.toLowerCase();
  if (lower === 'odata-version') return 'OData-Version';
  if (lower.startsWith('x-ms-') || lower === 'request-id' || lower === 'client-request-id') return lower;
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
}

function failedDependency(id: string): BatchItemResponse {
  return {
    id,
    status: 424,
    headers: { 'content-type': 'application/json' },
    body: { error: { code: 'BadRequest', message: 'Failed dependency' } },
  };
}

/** The validated items, or the message of the 400 Graph answers for the whole batch. */
function parseBatch(raw: Buffer): BatchItem[] | string {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return 'Invalid batch payload format.';
  }
  const requests = (json as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return 'Invalid batch payload format.';
  // Exact wording of Graph's message is not documented here [inf]; the status and code are.
  if (requests.length > MAX_BATCH_REQUESTS)
    return `The batch contains ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`;
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const r of requests as unknown[]) {
    const item = parseItem(r);
    if (typeof item === 'string') return item;
    const key = item.id.toLowerCase();
    if (ids.has(key)) return `Batch request ids must be unique: '${item.id}' is repeated.`;
    ids.add(key);
    items.push(item);
  }
  for (const item of items) {
    const missing = item.dependsOn.find(
      (d) => !ids.has(d.toLowerCase()) || d.toLowerCase() === item.id.toLowerCase(),
    );
    if (missing !== undefined) return `Request '${item.id}' depends on an unknown request '${missing}'.`;
  }
  if (hasCycle(items)) return 'Batch request dependencies must not form a cycle.';
  return items;
}

function parseItem(r: unknown): BatchItem | string {
  if (typeof r !== 'object' || r === null) return 'Invalid batch payload format.';
  const o = r as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '') return 'Every batch request needs an id.';
  if (typeof o.method !== 'string' || typeof o.url !== 'string')
    return `Request '${o.id}' needs a method and a url.`;
  const headers: Record<string, string> = {};
  if (o.headers !== undefined) {
    if (typeof o.headers !== 'object' || o.headers === null) return `Request '${o.id}' has invalid headers.`;
    for (const [k, v] of Object.entries(o.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  if (o.body !== undefined && headers['content-type'] === undefined)
    return `Request '${o.id}' has a body but no Content-Type header.`;
  const dependsOn = Array.isArray(o.dependsOn)
    ? o.dependsOn.filter((d): d is string => typeof d === 'string')
    : [];
  return { id: o.id, method: o.method, url: o.url, headers, body: o.body, dependsOn };
}

function hasCycle(items: BatchItem[]): boolean {
  const deps = new Map(items.map((i) => [i.id.toLowerCase(), i.dependsOn.map((d) => d.toLowerCase())]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 'done') return false;
    if (s === 'visiting') return true;
    state.set(id, 'visiting');
    if ((deps.get(id) ?? []).some(visit)) return true;
    state.set(id, 'done');
    return false;
  };
  return [...deps.keys()].some(visit);
}

/** A counting semaphore for the items of one batch. */
function createSlots(size: number): { acquire: () => Promise<() => void> } {
  let free = size;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  return {
    acquire() {
      if (free > 0) {
        free -= 1;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}
