import { z } from 'zod';
import {
  cryptoFragment,
  databaseFragment,
  microsoftFragment,
  parseEnv,
  redisFragment,
  runtimeFragment,
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
});

export interface WorkerConfig {
  core: CoreConfig;
  syncConcurrency: number;
  connectorConcurrency: number;
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const parsed = parseEnv(workerEnvSchema, env);
  return {
    core: {
      databaseUrl: parsed.DATABASE_URL,
      redisUrl: parsed.REDIS_URL,
      encryptionKeys: parsed.CALSYNC_ENCRYPTION_KEYS,
      logLevel: parsed.LOG_LEVEL,
      nodeEnv: parsed.NODE_ENV,
      microsoft: {
        authorityHost: parsed.CALSYNC_AUTHORITY_HOST,
        graphBaseUrl: parsed.CALSYNC_GRAPH_BASE_URL,
      },
    },
    syncConcurrency: parsed.CALSYNC_SYNC_CONCURRENCY,
    connectorConcurrency: parsed.CALSYNC_CONNECTOR_CONCURRENCY,
  };
}
