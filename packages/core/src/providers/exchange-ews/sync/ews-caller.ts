import type { Redis } from 'ioredis';
import { readConnectorBackoff, recordConnectorBackoff } from '../../../sync/connector-backoff.ts';
import type { RunStats } from '../../../sync/run-stats.ts';
import { SyncDelayError } from '../../../sync/sync-errors.ts';
import { classifyEwsFailure } from '../ews-client.ts';

export interface EwsCallerOptions {
  redis: Redis;
  keyPrefix: string;
  connectorId: string;
  stats: RunStats;
  /** Requests sent so far by the connector's transport (handshake legs included). */
  requestCount: () => number;
  /** Waits up to this long in-process; a longer BackOffMilliseconds delays the job. Default 10 s. */
  maxInlineWaitMs?: number | undefined;
  transientRetries?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export type EwsCaller = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * How old the connector back-off a job acts on may be. A round sends a request per ten items (GetItem batches):
 * reading Redis before each one cost a tenth of the worker's CPU in the EWS bench, while a back-off another job
 * recorded is seen at most this late — well under ErrorServerBusy's usual seconds (docs/exchange-ews.md §6.3).
 */
export const BACKOFF_READ_INTERVAL_MS = 1_000;

/**
 * Wraps each EWS call of a mailbox job: waits out the connector's back-off first (read at most once a second), honours ErrorServerBusy's
 * BackOffMilliseconds exactly (recorded for every job of the connector, so they stop asking too), retries
 * transient failures with jittered back-off and hands long waits to the queue (docs/exchange-ews.md §6).
 * Everything else is rethrown for the provider's classifier.
 */
export function createEwsCaller(options: EwsCallerOptions): EwsCaller {
  const maxInline = options.maxInlineWaitMs ?? 10_000;
  const transientRetries = options.transientRetries ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  let backoffUntil = 0;
  let readAt = -Infinity;

  async function waitForBackoff(): Promise<void> {
    if (Date.now() - readAt >= BACKOFF_READ_INTERVAL_MS) {
      readAt = Date.now();
      const shared = await readConnectorBackoff(options.redis, options.keyPrefix, options.connectorId);
      backoffUntil = Math.max(backoffUntil, shared);
    }
    const until = backoffUntil;
    const wait = until - Date.now();
    if (wait <= 0) return;
    if (wait > maxInline) throw new SyncDelayError(until, 'ConnectorBackoff');
    await sleep(wait);
  }

  return async <T>(call: () => Promise<T>): Promise<T> => {
    let transientFailures = 0;
    for (let throttles = 0; ;) {
      await waitForBackoff();
      const before = options.requestCount();
      try {
        return await call();
      } catch (error) {
        const failure = classifyEwsFailure(error);
        if (failure.kind === 'throttled') {
          options.stats.throttled += 1;
          throttles += 1;
          const until = Date.now() + failure.retryAfterMs;
          backoffUntil = Math.max(backoffUntil, until);
          await recordConnectorBackoff(options.redis, options.keyPrefix, options.connectorId, until);
          if (failure.retryAfterMs > maxInline || throttles > 10)
            throw new SyncDelayError(until, failure.code);
          continue;
        }
        if (failure.kind === 'transient' && transientFailures < transientRetries) {
          transientFailures += 1;
          const base = 200 * 2 ** (transientFailures - 1);
          await sleep(base + Math.random() * base);
          continue;
        }
        throw error;
      } finally {
        // Other jobs of the connector share the transport: a count, not an exact attribution.
        options.stats.graphRequests += Math.max(1, options.requestCount() - before);
      }
    }
  };
}
