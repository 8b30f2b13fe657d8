import type { GraphClient, GraphGetOptions } from './graph-http.ts';
import { graphErrorFrom } from './graph-http.ts';
import { GraphRequestError } from './graph-request-error.ts';
import { withImmutableIdPreference } from './immutable-id-preference.ts';

/** Graph refuses a $batch of more than 20 requests (docs/microsoft-graph.md §6.1). */
export const MAX_BATCH_SIZE = 20;

export type BatchGetResult<T> =
  { ok: true; status: number; body: T } | { ok: false; error: GraphRequestError };

interface BatchResponseItem {
  id?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
}

/**
 * GETs `paths` (relative to the versioned base) through `POST /$batch`, 20 per batch, one batch
 * after another. Results come back in the order of `paths`; an item Graph answered with a non-2xx
 * status (or left out) is a GraphRequestError like the one a plain GET would throw, Retry-After
 * included. A failure of a batch request itself (network, 429 on the batch) is thrown.
 */
export async function batchGet<T>(
  client: Pick<GraphClient, 'post'>,
  paths: readonly string[],
  options: { headers?: Record<string, string> | undefined; signal?: AbortSignal | undefined } = {},
): Promise<Array<BatchGetResult<T>>> {
  const results: Array<BatchGetResult<T>> = [];
  for (let start = 0; start < paths.length; start += MAX_BATCH_SIZE) {
    const chunk = paths.slice(start, start + MAX_BATCH_SIZE);
    const requests = chunk.map((url, i) => ({
      id: String(i + 1),
      method: 'GET',
      url,
      // Each item is its own request to Graph: the outer request's Prefer does not reach it.
      headers: withImmutableIdPreference(options.headers),
    }));
    const postOptions: GraphGetOptions = options.signal ? { signal: options.signal } : {};
    const res = await client.post<{ responses?: unknown }>('/$batch', { requests }, postOptions);
    results.push(...readBatchResponse<T>(res.body, chunk.length));
  }
  return results;
}

/** Graph may answer the items in any order (docs/microsoft-graph.md §6.1): match them back by id. */
function readBatchResponse<T>(
  body: { responses?: unknown } | undefined,
  size: number,
): Array<BatchGetResult<T>> {
  const byId = new Map<string, BatchResponseItem>();
  const items = Array.isArray(body?.responses) ? (body.responses as BatchResponseItem[]) : [];
  for (const item of items) if (typeof item?.id === 'string') byId.set(item.id, item);
  return Array.from({ length: size }, (_, i): BatchGetResult<T> => {
    const item = byId.get(String(i + 1));
    if (!item || typeof item.status !== 'number') {
      return {
        ok: false,
        error: new GraphRequestError({
          status: 0,
          code: 'BatchItemMissing',
          message: 'Graph left this request out of the batch response',
        }),
      };
    }
    const headers = readHeaders(item.headers);
    if (item.status >= 200 && item.status <= 299)
      return { ok: true, status: item.status, body: item.body as T };
    return {
      ok: false,
      error: graphErrorFrom(
        item.status,
        item.body,
        headers.get('retry-after'),
        headers.get('request-id') ?? undefined,
      ),
    };
  });
}

/** Item headers are a plain object with Graph's casing (`Retry-After`): look them up case-insensitively. */
function readHeaders(raw: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof raw !== 'object' || raw === null) return map;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') map.set(k.toLowerCase(), v);
  return map;
}
