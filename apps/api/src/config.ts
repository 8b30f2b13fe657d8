import { z } from 'zod';
import {
  cryptoFragment,
  databaseFragment,
  httpFragment,
  microsoftFragment,
  notificationsFragment,
  parseEnv,
  webhooksFragment,
  redisFragment,
  runtimeFragment,
  toCoreConfig,
  type CoreConfig,
} from '@calsync/core';

export const DEFAULT_API_LIMITS: ApiLimits = {
  perTenantPerMinute: 3000,
  failedAuthPerMinute: 60,
  maxApiKeysPerTenant: 50,
  subscriptionsPerConnection: 10,
  subscriptionsPerKey: 100,
  liveKeyRecheckMs: 30_000,
  liveSlotTtlMs: 60_000,
};

export const apiEnvSchema = z.object({
  ...databaseFragment,
  ...redisFragment,
  ...runtimeFragment,
  ...cryptoFragment,
  ...microsoftFragment,
  ...notificationsFragment,
  ...webhooksFragment,
  ...httpFragment,
  /** Off in production unless explicitly enabled (schema discovery helps attackers). */
  CALSYNC_GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  /** Requests per minute per API key. */
  CALSYNC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Requests per minute per tenant, all its keys together (more keys never mean more budget). */
  CALSYNC_RATE_LIMIT_PER_TENANT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_API_LIMITS.perTenantPerMinute),
  /** Missing or wrong API keys per minute per client address before it gets 429s. */
  CALSYNC_FAILED_AUTH_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_API_LIMITS.failedAuthPerMinute),
  /** Unrevoked API keys a tenant may hold. */
  CALSYNC_MAX_API_KEYS_PER_TENANT: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_API_LIMITS.maxApiKeysPerTenant),
  /** Live subscriptions per WebSocket connection. */
  CALSYNC_SUBSCRIPTIONS_PER_CONNECTION: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_API_LIMITS.subscriptionsPerConnection),
  /** Live subscriptions per API key, across every API instance (shared through Redis). */
  CALSYNC_SUBSCRIPTIONS_PER_KEY: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_API_LIMITS.subscriptionsPerKey),
  /** How often an open WebSocket re-checks that its API key is still valid. */
  CALSYNC_LIVE_KEY_RECHECK_SECONDS: z.coerce
    .number()
    .min(1)
    .default(DEFAULT_API_LIMITS.liveKeyRecheckMs / 1000),
  /** How long a crashed API instance's live-subscription slots keep counting against their key. */
  CALSYNC_LIVE_SLOT_TTL_SECONDS: z.coerce
    .number()
    .min(1)
    .default(DEFAULT_API_LIMITS.liveSlotTtlMs / 1000),
});

/** Abuse limits besides the per-key rate; tests and tools may set any subset. */
export interface ApiLimits {
  perTenantPerMinute: number;
  failedAuthPerMinute: number;
  maxApiKeysPerTenant: number;
  subscriptionsPerConnection: number;
  subscriptionsPerKey: number;
  liveKeyRecheckMs: number;
  liveSlotTtlMs: number;
}

export interface ApiConfig {
  core: CoreConfig;
  host: string;
  port: number;
  adminApiKey: string;
  introspection: boolean;
  rateLimitPerMinute: number;
  limits?: Partial<ApiLimits>;
}

export function resolveApiLimits(limits: Partial<ApiLimits> | undefined): ApiLimits {
  return { ...DEFAULT_API_LIMITS, ...limits };
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
    limits: {
      perTenantPerMinute: parsed.CALSYNC_RATE_LIMIT_PER_TENANT_PER_MINUTE,
      failedAuthPerMinute: parsed.CALSYNC_FAILED_AUTH_PER_MINUTE,
      maxApiKeysPerTenant: parsed.CALSYNC_MAX_API_KEYS_PER_TENANT,
      subscriptionsPerConnection: parsed.CALSYNC_SUBSCRIPTIONS_PER_CONNECTION,
      subscriptionsPerKey: parsed.CALSYNC_SUBSCRIPTIONS_PER_KEY,
      liveKeyRecheckMs: parsed.CALSYNC_LIVE_KEY_RECHECK_SECONDS * 1000,
      liveSlotTtlMs: parsed.CALSYNC_LIVE_SLOT_TTL_SECONDS * 1000,
    },
  };
}
