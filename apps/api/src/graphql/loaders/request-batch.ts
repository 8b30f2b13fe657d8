import type { MercuriusContext } from 'mercurius';

/**
 * Per-request batching keyed by plain strings (ids). mercurius loaders key their cache by
 * stringifying the whole parent object (a mailbox row with its delta link, an event with
 * its attendees) for every field of every item, which showed up as the largest GraphQL
 * overhead in bench/query; for id-keyed children this batcher does the same job for free.
 * Keys requested while one execution pass resolves a list are fetched together once the
 * pass yields (setImmediate); results are kept for the rest of the request.
 */
export function createRequestBatch<V>(
  fetch: (context: MercuriusContext, keys: string[]) => Promise<Map<string, V>>,
): (context: MercuriusContext, key: string) => Promise<V | null> {
  const perRequest = new WeakMap<
    MercuriusContext,
    { results: Map<string, Promise<V | null>>; pending: Map<string, (value: Promise<V | null>) => void> }
  >();
  return (context, key) => {
    let state = perRequest.get(context);
    if (!state) {
      state = { results: new Map(), pending: new Map() };
      perRequest.set(context, state);
    }
    const known = state.results.get(key);
    if (known) return known;
    const own = state;
    const result = new Promise<V | null>((resolve) => {
      if (own.pending.size === 0) {
        setImmediate(() => {
          const batch = new Map(own.pending);
          own.pending.clear();
          const fetched = fetch(context, [...batch.keys()]);
          for (const [k, settle] of batch) settle(fetched.then((found) => found.get(k) ?? null));
        });
      }
      own.pending.set(key, resolve);
    });
    own.results.set(key, result);
    return result;
  };
}
