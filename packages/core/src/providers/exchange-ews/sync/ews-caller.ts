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
 * Wraps each EWS call of a mailbox job: waits out the connector's back-off first, honours ErrorServerBusy's
 * BackOffMilliseconds exactly (recorded for every job of the connector, so they stop asking too), retries
 * transient failures with jittered back-off and hands long waits to the queue (docs/exchange-ews.md §6).
 * Everything else is rethrown for the provider's classifier.
 */
export function createEwsCaller(options: EwsCallerOptions): EwsCaller {
  const maxInline = options.maxInlineWaitMs ?? 10_000;
  const transientRetries = options.transientRetries ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function waitForBackoff(): Promise<void> {
    const until = await readConnectorBackoff(options.redis, options.keyPrefix, options.connectorId);
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
