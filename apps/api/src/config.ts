import { z } from 'zod';
import {
  cryptoFragment,
  databaseFragment,
  httpFragment,
  microsoftFragment,
  parseEnv,
  redisFragment,
  runtimeFragment,
  toCoreConfig,
  type CoreConfig,
} from '@calsync/core';

export const apiEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...runtimeFragment,
  ...cryptoFragment,
  ...microsoftFragment,
  ...httpFragment,
  /** Off in production unless explicitly enabled (schema discovery helps attackers). */
  CALSYNC_GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  /** Requests per minute per API key. */
  CALSYNC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
});

export interface ApiConfig {
  core: CoreConfig;
  host: string;
  port: number;
  adminApiKey: string;
  introspection: boolean;
  rateLimitPerMinute: number;
}

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const parsed = parseEnv(apiEnvSchema, env);
  return {
    core: toCoreConfig(parsed),
    host: parsed.HOST,
    port: parsed.PORT,
    adminApiKey: parsed.CALSYNC_ADMIN_API_KEY,
    introspection: parsed.CALSYNC_GRAPHQL_INTROSPECTION
      ? parsed.CALSYNC_GRAPHQL_INTROSPECTION === 'true'
      : parsed.NODE_ENV !== 'production',
    rateLimitPerMinute: parsed.CALSYNC_RATE_LIMIT_PER_MINUTE,
  };
}
