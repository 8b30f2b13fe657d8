import { z } from 'zod';
import {
  cryptoFragment,
  databaseFragment,
  microsoftFragment,
  parseEnv,
  redisFragment,
  runtimeFragment,
  toCoreConfig,
  type CoreConfig,
} from '@calsync/core';

export const workerEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...runtimeFragment,
  ...cryptoFragment,
  ...microsoftFragment,
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
});

export interface WorkerConfig {
  core: CoreConfig;
  syncConcurrency: number;
  connectorConcurrency: number;
  syncPageSize: number;
  http: { host: string; port: number } | undefined;
  adminApiKey: string | undefined;
  worstLagMailboxes: number;
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
  };
}
