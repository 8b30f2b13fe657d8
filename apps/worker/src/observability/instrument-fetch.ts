import type { GraphFetch } from '@calsync/core';
import type { WorkerMetrics } from './worker-metrics.ts';

/**
 * Wraps how the Graph client reaches Graph (core's `graphFetch` option), so every Graph request is
 * counted by status and timed without touching the sync code. Token requests go through msal's own
 * network client and are not counted here.
 */
export function instrumentGraphFetch(base: GraphFetch, metrics: WorkerMetrics): GraphFetch {
  return async (input, init) => {
    const method = init.method;
    const stopTimer = metrics.graphRequestDuration.startTimer({ method });
    try {
      const response = await base(input, init);
      metrics.graphRequests.inc({ method, status: String(response.status) });
      if (response.status === 429) metrics.graphThrottled.inc();
      if (response.status === 429 || response.status === 503) {
        const seconds = retryAfterSeconds(response.headers.get('retry-after'));
        if (seconds !== undefined) metrics.graphRetryAfterSeconds.inc(seconds);
      }
      return response;
    } catch (err) {
      metrics.graphRequests.inc({ method, status: '0' });
      throw err;
    } finally {
      stopTimer();
    }
  };
}

/** Retry-After as delta-seconds (Graph's form, possibly fractional) or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}
