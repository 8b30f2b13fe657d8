import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's Prometheus registry and the counters the sync path feeds. Collectors that read
 * Redis at scrape time (queue depth/age, sync lag) are registered separately by their owners.
 * Names follow Prometheus conventions: `_total` counters, base units (seconds) in the name.
 */
export interface WorkerMetrics {
  registry: Registry;
  syncRuns: Counter<'outcome' | 'kind'>;
  syncPages: Counter;
  eventsWritten: Counter<'change'>;
  graphRequests: Counter<'method' | 'status'>;
  graphRequestDuration: Histogram<'method'>;
  graphThrottled: Counter;
  graphRetryAfterSeconds: Counter;
  tokenFailures: Counter<'kind'>;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'calsync_worker_' });
  const registers = [registry];
  return {
    registry,
    syncRuns: new Counter({
      name: 'calsync_sync_runs_total',
      help: 'Mailbox sync jobs by outcome (succeeded, failed, skipped, delayed) and kind (full, delta)',
      labelNames: ['outcome', 'kind'],
      registers,
    }),
    syncPages: new Counter({
      name: 'calsync_sync_pages_total',
      help: 'Graph delta pages committed by successful syncs',
      registers,
    }),
    eventsWritten: new Counter({
      name: 'calsync_sync_events_written_total',
      help: 'Event rows written by successful syncs, by change (upserted, deleted)',
      labelNames: ['change'],
      registers,
    }),
    graphRequests: new Counter({
      name: 'calsync_graph_requests_total',
      help: 'Requests to Microsoft Graph by method and HTTP status (0 = no answer: network error or timeout)',
      labelNames: ['method', 'status'],
      registers,
    }),
    graphRequestDuration: new Histogram({
      name: 'calsync_graph_request_duration_seconds',
      help: 'Microsoft Graph request duration until the response headers arrived',
      labelNames: ['method'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    graphThrottled: new Counter({
      name: 'calsync_graph_throttled_total',
      help: 'Graph answers with HTTP 429',
      registers,
    }),
    graphRetryAfterSeconds: new Counter({
      name: 'calsync_graph_retry_after_seconds_total',
      help: 'Sum of the Retry-After seconds Graph asked for in 429/503 answers',
      registers,
    }),
    tokenFailures: new Counter({
      name: 'calsync_token_failures_total',
      help: 'Syncs that failed to get an app-only token, by failure kind (auth, throttled, transient, unknown)',
      labelNames: ['kind'],
      registers,
    }),
  };
}
