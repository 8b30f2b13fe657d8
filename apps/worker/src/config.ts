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
});

export interface WorkerConfig {
  core: CoreConfig;
  syncConcurrency: number;
  connectorConcurrency: number;
  syncPageSize: number;
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const parsed = parseEnv(workerEnvSchema, env);
  return {
    core: toCoreConfig(parsed),
    syncConcurrency: parsed.CALSYNC_SYNC_CONCURRENCY,
    connectorConcurrency: parsed.CALSYNC_CONNECTOR_CONCURRENCY,
    syncPageSize: parsed.CALSYNC_SYNC_PAGE_SIZE,
  };
}
