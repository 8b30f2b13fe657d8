import { parseAutodiscoverOrigins } from '../providers/exchange-ews/autodiscover/candidates.ts';
import { z } from 'zod';

/**
 * Shared configuration fragments. Each process builds its own schema from these
 * (see apps/api/src/config.ts, apps/worker/src/config.ts) and parses it once in main.ts.
 */

const httpsOrigin = z
  .url({ protocol: /^https$/, error: 'must be an https origin such as https://127.0.0.1:9443' })
  .transform((value) => new URL(value).origin);

/** `keyId:base64-32-bytes`, comma-separated; the first key encrypts, every key decrypts. */
export const encryptionKeysSchema = z
  .string()
  .min(1, 'must list at least one keyId:base64 key')
  .transform((raw, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const part of raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const separator = part.indexOf(':');
      const id = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (separator <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'each entry must be keyId:base64 of exactly 32 bytes' });
        return z.NEVER;
      }
      if (keys.some((k) => k.id === id)) {
        ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one keyId:base64 key' });
      return z.NEVER;
    }
    return keys;
  });

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');
const redisUrl = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');

const milliseconds = (min: number, fallback: number) =>
  z.coerce.number().int().min(min).max(3_600_000).default(fallback);

export const databaseFragment = {
  DATABASE_URL: postgresUrl,
  DATABASE_ADMIN_URL: postgresUrl.optional(),
  /** Waiting for a pooled connection (or a new one) longer than this fails the query instead of hanging. */
  CALSYNC_DB_CONNECT_TIMEOUT_MS: milliseconds(100, 5_000),
  /** Server-side cap on one statement; a stuck statement cannot hold a connection forever. */
  CALSYNC_DB_STATEMENT_TIMEOUT_MS: milliseconds(100, 30_000),
  /** The server ends a session left idle inside a transaction (a worker frozen mid-page) after this. */
  CALSYNC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(100, 60_000),
  /**
   * Hot tenant reads go out as named prepared statements (parsed once per connection). Set to false
   * behind PgBouncer older than 1.21 in transaction pooling: it cannot keep named statements.
   */
  CALSYNC_DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).optional(),
};

export const redisFragment = {
  REDIS_URL: redisUrl,
  /**
   * Longest wait for one Redis command outside the workers' blocking connections. While Redis is
   * down, ioredis queues commands and only fails them after maxRetriesPerRequest reconnects, which
   * its back-off (up to 5 s each) stretches past a minute: a request would hang that long.
   */
  CALSYNC_REDIS_COMMAND_TIMEOUT_MS: milliseconds(100, 10_000),
  /**
   * Key prefix of calsync's queues and Redis keys: several deployments can share one Redis. On
   * Redis Cluster, wrap it in one hash tag (`{calsync}`) so every key of a queue and every
   * multi-key script lands in one slot (docs/scaling.md §Redis).
   */
  CALSYNC_QUEUE_PREFIX: z
    .string()
    .regex(
      /^(\{[A-Za-z0-9_-]{1,40}\}|[A-Za-z0-9_-]{1,40})$/,
      'must be 1–40 letters, digits, "_" or "-", optionally wrapped in one {hash tag}',
    )
    .default('calsync'),
};

export const runtimeFragment = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const cryptoFragment = { CALSYNC_ENCRYPTION_KEYS: encryptionKeysSchema };

/** Operator-only overrides of Microsoft's endpoints (the emulator). Tenants can never set these. */
export const microsoftFragment = {
  CALSYNC_AUTHORITY_HOST: httpsOrigin.optional(),
  CALSYNC_GRAPH_BASE_URL: httpsOrigin.optional(),
  /** Longest wait for one Entra token during a sync (msal's own request can hang for minutes). */
  CALSYNC_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
  /** `host=https://origin,…`: where an Autodiscover host is served instead (docs/exchange-ews.md §1.2). */
  CALSYNC_EWS_AUTODISCOVER_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseAutodiscoverOrigins(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be host=https://origin pairs separated by commas' });
        return z.NEVER;
      }
    })
    .optional(),
};

/**
 * Graph change notifications (docs/graph-notifications.md): the https base URL Microsoft can reach this
 * deployment's API on (unset = notifications off, polling only), and how often a mailbox with a healthy
 * subscription is still polled as a safety net.
 */
export const notificationsFragment = {
  CALSYNC_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) base URL such as https://calsync.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  CALSYNC_NOTIFICATION_SAFETY_POLL_HOURS: z.coerce.number().min(0.01).max(72).default(6),
};

/** Outbound webhooks (docs/change-feed.md, "SSRF defence"): read by the API (create/update) and the worker. */
export const webhooksFragment = {
  /** Development and tests only: http URLs and loopback/private destinations become allowed. */
  CALSYNC_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
};

export const httpFragment = {
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  CALSYNC_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters'),
};
