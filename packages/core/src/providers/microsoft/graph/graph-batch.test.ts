import { describe, expect, it } from 'vitest';
import { batchGet } from './graph-batch.ts';
import type { GraphClient, GraphResponse } from './graph-http.ts';

interface SentBatch {
  path: string;
  requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string> }>;
}

/** A client whose $batch answers every item with `answer(url)`, in reverse order like Graph may. */
function fakeClient(
  answer: (url: string) => { status: number; headers?: Record<string, string>; body?: unknown },
) {
  const sent: SentBatch[] = [];
  const client: Pick<GraphClient, 'post'> = {
    post<T>(path: string, body: unknown): Promise<GraphResponse<T>> {
      const batch = body as Omit<SentBatch, 'path'>;
      sent.push({ path, ...batch });
      const responses = batch.requests.map((r) => ({ id: r.id, headers: {}, ...answer(r.url) })).reverse();
      return Promise.resolve({ status: 200, headers: new Headers(), body: { responses } as T });
    },
  };
  return { client, sent };
}

describe('batchGet', () => {
  it('sends at most 20 GETs per $batch and returns results in the order asked', async () => {
    const { client, sent } = fakeClient((url) => ({ status: 200, body: { url } }));
    const paths = Array.from({ length: 45 }, (_, i) => `/users/a/events/e${i}`);
    const results = await batchGet<{ url: string }>(client, paths, {
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
    expect(sent.map((b) => b.requests.length)).toEqual([20, 20, 5]);
    expect(sent.every((b) => b.path === '/$batch')).toBe(true);
    expect(sent[0]!.requests[0]).toEqual({
      id: '1',
      method: 'GET',
      url: paths[0],
      headers: { Prefer: 'outlook.timezone="UTC", IdType="ImmutableId"' },
    });
    expect(results.map((r) => (r.ok ? r.body.url : null))).toEqual(paths);
  });

  it('turns a failed item into the GraphRequestError a plain GET would throw, Retry-After included', async () => {
    const { client } = fakeClient((url) =>
      url.endsWith('throttled')
        ? {
            status: 429,
            headers: { 'Retry-After': '2.128', 'request-id': 'r-1' },
            body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
          }
        : {
            status: 404,
            body: {
              error: {
                code: 'ErrorItemNotFound',
                message: 'The specified object was not found in the store.',
              },
            },
          },
    );
    const [throttled, missing] = await batchGet(client, ['/e/throttled', '/e/missing']);
    expect(throttled).toMatchObject({
      ok: false,
      error: { status: 429, code: 'TooManyRequests', retryAfterMs: 2128, requestId: 'r-1' },
    });
    expect(missing).toMatchObject({ ok: false, error: { status: 404, code: 'ErrorItemNotFound' } });
  });

  it('reports an item Graph left out of the response as failed', async () => {
    const client: Pick<GraphClient, 'post'> = {
      post: <T>() => Promise.resolve({ status: 200, headers: new Headers(), body: { responses: [] } as T }),
    };
    const [result] = await batchGet(client, ['/e/1']);
    expect(result).toMatchObject({ ok: false, error: { status: 0, code: 'BatchItemMissing' } });
  });
});
