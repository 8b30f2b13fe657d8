// A fixed-concurrency HTTP load loop (undici Pool, keep-alive), for bench/query.ts.
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Sorted request latencies (ms), for merging runs. */
  latencies: number[];
}

export interface LoadRequest {
  path: string;
  method: 'GET' | 'POST';
  body?: string | undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `concurrency` request loops for `seconds`, each request made by `next()`. Non-2xx count as errors. */
export async function runLoad(options: {
  origin: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
  next: () => LoadRequest;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const request = options.next();
      const t0 = performance.now();
      const response = await pool.request({
        origin: options.origin,
        path: request.path,
        method: request.method,
        headers: { ...options.headers, 'content-type': 'application/json' },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const text = await response.body.text();
      latencies.push(performance.now() - t0);
      if (response.statusCode >= 300 || text.includes('"errors"')) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    latencies,
  };
}

/** One result from several runs of the same target (alternated with another target). */
export function mergeResults(results: readonly LoadResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests: latencies.length,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    latencies,
  };
}
