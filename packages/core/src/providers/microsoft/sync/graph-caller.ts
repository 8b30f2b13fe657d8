import type { Redis } from 'ioredis';
import type { RunStats } from '../../../sync/run-stats.ts';
import type { ConnectorGraphClient } from '../connector-graph-client.ts';
import { isGraphRequestError, type GraphClient, type GraphResponse } from '../index.ts';
import { readConnectorBackoff, recordConnectorBackoff } from '../../../sync/connector-backoff.ts';
import { SyncDelayError } from '../../../sync/sync-errors.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';

export interface GraphCallerOptions {
  /** Without refreshAccessToken (plain clients in tests), a 401 is not retried. */
  graph: GraphClient & Partial<Pick<ConnectorGraphClient, 'refreshAccessToken'>>;
  redis: Redis;
  keyPrefix: string;
  connectorId: string;
  stats: RunStats;
  /** Waits up to this long in-process (short Retry-After); longer ones delay the job. Default 10 s. */
  maxInlineWaitMs?: number | undefined;
  /** Retries of a transient failure (reset, 5xx without Retry-After, truncated body) per call. Default 4. */
  transientRetries?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

// Retry-After is a floor: a little slack keeps clock granularity from landing us early.
const RETRY_AFTER_SLACK_MS = 25;

/**
 * One sequential request stream to Graph for one mailbox job: honours the
 * connector back-off before each call, waits out short Retry-After values,
 * retries transient failures with jittered exponential backoff, and hands
 * long waits to the queue (SyncDelayError). A 401 gets one fresh token and one
 * retry: a long sync can outlive the 1 h token (graph-spec §3.5, §4). Everything
 * else is rethrown for classification by the caller.
 */
export function createGraphCaller(options: GraphCallerOptions) {
  const maxInline = options.maxInlineWaitMs ?? 10_000;
  const transientRetries = options.transientRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function waitForBackoff(): Promise<void> {
    const until = await readConnectorBackoff(options.redis, options.keyPrefix, options.connectorId);
    const wait = until - Date.now();
    if (wait <= 0) return;
    if (wait > maxInline) throw new SyncDelayError(until, 'ConnectorBackoff');
    await sleep(wait);
  }

  function get<T>(url: string, headers: Record<string, string>): Promise<GraphResponse<T>> {
    return withRetries(() => options.graph.get<T>(url, { headers }));
  }

  /** A POST (the $batch of series masters) under the same back-off, throttling and retry rules as a GET. */
  function post<T>(path: string, body: unknown): Promise<GraphResponse<T>> {
    return withRetries(() => options.graph.post<T>(path, body));
  }

  /**
   * A throttled item inside a 200 $batch (graph-spec §4.3): records its Retry-After as the
   * connector back-off, so the next call waits it out, or delays the job when it is long.
   */
  async function recordThrottledItem(retryAfterMs: number, code: string): Promise<void> {
    options.stats.throttled += 1;
    const until = Date.now() + retryAfterMs + RETRY_AFTER_SLACK_MS;
    await recordConnectorBackoff(options.redis, options.keyPrefix, options.connectorId, until);
    if (retryAfterMs > maxInline) throw new SyncDelayError(until, code);
  }

  async function withRetries<T>(send: () => Promise<GraphResponse<T>>): Promise<GraphResponse<T>> {
    let transientFailures = 0;
    let tokenRefreshed = false;
    for (let throttles = 0; ;) {
      await waitForBackoff();
      const before = options.graph.requestCount();
      try {
        return await send();
      } catch (err) {
        const failure = classifyMicrosoftFailure(err);
        if (failure.kind === 'throttled') {
          options.stats.throttled += 1;
          throttles += 1;
          const until = Date.now() + failure.retryAfterMs + RETRY_AFTER_SLACK_MS;
          await recordConnectorBackoff(options.redis, options.keyPrefix, options.connectorId, until);
          if (failure.retryAfterMs > maxInline || throttles > 20)
            throw new SyncDelayError(until, failure.code);
          continue;
        }
        if (isTokenRejected(err) && !tokenRefreshed && options.graph.refreshAccessToken) {
          tokenRefreshed = true;
          // A failure to get the new token propagates and is classified like any token failure.
          await options.graph.refreshAccessToken();
          continue;
        }
        if (failure.kind === 'transient' && transientFailures < transientRetries) {
          transientFailures += 1;
          const base = 200 * 2 ** (transientFailures - 1);
          await sleep(base + Math.random() * base);
          continue;
        }
        throw err;
      } finally {
        options.stats.graphRequests += options.graph.requestCount() - before;
      }
    }
  }

  return { get, post, recordThrottledItem };
}

/** Graph refused the bearer token itself (expired or invalid), not the app's permissions. */
function isTokenRejected(err: unknown): boolean {
  return isGraphRequestError(err) && err.status === 401;
}

export type GraphCaller = ReturnType<typeof createGraphCaller>;
