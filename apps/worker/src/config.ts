import { z } from 'zod';
import {
  cryptoFragment,
  databaseFragment,
  microsoftFragment,
  notificationsFragment,
  parseEnv,
  webhooksFragment,
  redisFragment,
  runtimeFragment,
  toCoreConfig,
  type CoreConfig,
  type DeliverySettings,
} from '@calsync/core';

export const workerEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...runtimeFragment,
  ...cryptoFragment,
  ...microsoftFragment,
  ...notificationsFragment,
  ...webhooksFragment,
  /** Mailbox syncs run at once by this process. */
  CALSYNC_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /** Mailbox syncs of one connector running at once across all workers (fairness between tenants). */
  CALSYNC_CONNECTOR_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** `Prefer: odata.maxpagesize` of delta requests. Tests lower it so a sync spans many pages. */
  CALSYNC_SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  /** Operator port (/healthz, /readyz, /metrics); unset = no HTTP server, 0 = any free port. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_HOST: z.string().default('127.0.0.1'),
  /** Guards the worker's /metrics like the API's; unset = /metrics always answers 401. */
  CALSYNC_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  /** How many of the most lagging mailboxes `calsync_sync_lag_worst_seconds` names. */
  CALSYNC_METRICS_WORST_LAG: z.coerce.number().int().min(1).max(100).default(10),
  /** SIGTERM: in-flight jobs get this long to finish; then the worker closes anyway (their jobs stall and rerun). */
  CALSYNC_WORKER_CLOSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(25_000),
  /**
   * A job's lock lives this long without renewal: a killed worker's job is taken over by another
   * worker within about lock + stalled-check interval.
   */
  CALSYNC_JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  CALSYNC_STALLED_CHECK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** How often a job may stall (its worker died) before BullMQ fails it instead of rerunning it. */
  CALSYNC_MAX_STALLED_COUNT: z.coerce.number().int().min(1).max(100).default(5),
  /** A connector slot held by a worker that died frees itself after this long. */
  CALSYNC_CONNECTOR_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  /** Job schedulers are re-asserted (and orphans removed) this often, so a Redis that lost data catches up. */
  CALSYNC_SCHEDULE_RECONCILE_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** The change log keeps changes this long (docs/change-feed.md); older cursors are CURSOR_EXPIRED. */
  CALSYNC_CHANGE_RETENTION_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
  /** How often the retention job runs. */
  CALSYNC_CHANGE_TRIM_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
  /** Change-log rows deleted per statement by the retention job. */
  CALSYNC_CHANGE_TRIM_BATCH: z.coerce.number().int().min(1).max(100_000).default(5_000),
  /** Webhook deliveries posted at once by this process (docs/change-feed.md, "Isolation"). */
  CALSYNC_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
  /**
   * Webhook deliveries of one tenant posted at once, across every worker process: a tenant whose
   * endpoints hang holds this many delivery slots at most (docs/change-feed.md, "Isolation").
   */
  CALSYNC_WEBHOOK_TENANT_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(4),
  /** Bound on one webhook POST, connection to response. */
  CALSYNC_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** An endpoint failing without one success for this long is disabled (default 3 days). */
  CALSYNC_WEBHOOK_DISABLE_AFTER_SECONDS: z.coerce.number().int().min(1).max(2_592_000).default(259_200),
  /** First retry delay after a failed delivery; doubles per failure up to one hour. */
  CALSYNC_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** Changes per webhook POST at most. */
  CALSYNC_WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  /** The safety net: endpoints behind the change log are queued this often. */
  CALSYNC_WEBHOOK_SWEEP_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
});

export interface WorkerConfig {
  core: CoreConfig;
  syncConcurrency: number;
  connectorConcurrency: number;
  syncPageSize: number;
  http: { host: string; port: number } | undefined;
  adminApiKey: string | undefined;
  worstLagMailboxes: number;
  closeTimeoutMs: number;
  jobLockMs: number;
  stalledCheckMs: number;
  maxStalledCount: number;
  connectorLeaseMs: number;
  scheduleReconcileMs: number;
  changeTrim: { retentionMs: number; batchSize: number; everyMs: number };
  webhooks: {
    concurrency: number;
    tenantConcurrency: number;
    sweepEveryMs: number;
    delivery: DeliverySettings;
  };
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const parsed = parseEnv(workerEnvSchema, env);
  return {
    core: toCoreConfig(parsed),
    syncConcurrency: parsed.CALSYNC_SYNC_CONCURRENCY,
    connectorConcurrency: parsed.CALSYNC_CONNECTOR_CONCURRENCY,
    syncPageSize: parsed.CALSYNC_SYNC_PAGE_SIZE,
    http:
      parsed.WORKER_PORT === undefined ? undefined : { host: parsed.WORKER_HOST, port: parsed.WORKER_PORT },
    adminApiKey: parsed.CALSYNC_ADMIN_API_KEY,
    worstLagMailboxes: parsed.CALSYNC_METRICS_WORST_LAG,
    closeTimeoutMs: parsed.CALSYNC_WORKER_CLOSE_TIMEOUT_MS,
    jobLockMs: parsed.CALSYNC_JOB_LOCK_MS,
    stalledCheckMs: parsed.CALSYNC_STALLED_CHECK_MS,
    maxStalledCount: parsed.CALSYNC_MAX_STALLED_COUNT,
    connectorLeaseMs: parsed.CALSYNC_CONNECTOR_LEASE_MS,
    scheduleReconcileMs: parsed.CALSYNC_SCHEDULE_RECONCILE_MS,
    changeTrim: {
      retentionMs: parsed.CALSYNC_CHANGE_RETENTION_SECONDS * 1000,
      batchSize: parsed.CALSYNC_CHANGE_TRIM_BATCH,
      everyMs: parsed.CALSYNC_CHANGE_TRIM_INTERVAL_MS,
    },
    webhooks: {
      concurrency: parsed.CALSYNC_WEBHOOK_CONCURRENCY,
      tenantConcurrency: parsed.CALSYNC_WEBHOOK_TENANT_CONCURRENCY,
      sweepEveryMs: parsed.CALSYNC_WEBHOOK_SWEEP_MS,
      delivery: {
        policy: { allowPrivate: parsed.CALSYNC_WEBHOOK_ALLOW_PRIVATE === 'true' },
        timeoutMs: parsed.CALSYNC_WEBHOOK_TIMEOUT_MS,
        disableAfterMs: parsed.CALSYNC_WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
        retryBaseMs: parsed.CALSYNC_WEBHOOK_RETRY_BASE_MS,
        maxRetryMs: 3_600_000,
        batchSize: parsed.CALSYNC_WEBHOOK_BATCH_SIZE,
        maxBatchesPerRun: 20,
      },
    },
  };
}
