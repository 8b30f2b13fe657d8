/** What createCore needs; each app maps its parsed environment onto this. */
export interface CoreConfig {
  databaseUrl: string;
  redisUrl: string;
  encryptionKeys: { id: string; key: Buffer }[];
  logLevel: string;
  nodeEnv: 'development' | 'test' | 'production';
  microsoft: {
    authorityHost?: string | undefined;
    graphBaseUrl?: string | undefined;
    /** Bound on one token request (default 30 s). */
    tokenTimeoutMs?: number | undefined;
  };
  /** On-premises Exchange: Autodiscover host → origin overrides (operator only; the emulator in tests). */
  ews?: { autodiscoverOrigins?: Readonly<Record<string, string>> | undefined } | undefined;
  /** BullMQ key prefix; tests use a random one per file. */
  queuePrefix?: string | undefined;
  /** Graph change notifications; omitted or without publicUrl = off (polling only). */
  notifications?: NotificationsConfig | undefined;
  /** Max Postgres connections of this process. */
  databasePoolSize?: number | undefined;
  /** Bound on one Redis command of the shared (non-blocking) connections; default 10 s. */
  redisCommandTimeoutMs?: number | undefined;
  /** Bounds on every Postgres connection (see createDatabase); unset means the driver's (none). */
  databaseTimeouts?: DatabaseTimeouts | undefined;
  /** Hot tenant reads as named prepared statements (default true; false behind PgBouncer < 1.21). */
  databasePreparedStatements?: boolean | undefined;
  /** Outbound webhook destinations: private ones (and http) only when allowed. Default: refused. */
  webhooks?: { allowPrivate: boolean } | undefined;
}

export interface NotificationsConfig {
  /** Base URL Microsoft posts to (`{publicUrl}/webhooks/graph`). */
  publicUrl?: string | undefined;
  /** Poll interval of a mailbox whose subscription is healthy (the safety net). */
  safetyPollIntervalMs: number;
}

export interface DatabaseTimeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/** The variables of the shared fragments every process parses, as CoreConfig wants them. */
export interface CoreEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  CALSYNC_ENCRYPTION_KEYS: { id: string; key: Buffer }[];
  LOG_LEVEL: string;
  NODE_ENV: 'development' | 'test' | 'production';
  CALSYNC_AUTHORITY_HOST?: string | undefined;
  CALSYNC_GRAPH_BASE_URL?: string | undefined;
  CALSYNC_TOKEN_TIMEOUT_MS?: number | undefined;
  CALSYNC_EWS_AUTODISCOVER_ORIGINS?: Readonly<Record<string, string>> | undefined;
  CALSYNC_QUEUE_PREFIX?: string | undefined;
  CALSYNC_REDIS_COMMAND_TIMEOUT_MS?: number | undefined;
  CALSYNC_PUBLIC_URL?: string | undefined;
  CALSYNC_NOTIFICATION_SAFETY_POLL_HOURS?: number | undefined;
  CALSYNC_DB_CONNECT_TIMEOUT_MS: number;
  CALSYNC_DB_STATEMENT_TIMEOUT_MS: number;
  CALSYNC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
  CALSYNC_DB_PREPARED_STATEMENTS?: 'true' | 'false' | undefined;
  CALSYNC_WEBHOOK_ALLOW_PRIVATE?: 'true' | 'false' | undefined;
}

export function toCoreConfig(env: CoreEnv): CoreConfig {
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    encryptionKeys: env.CALSYNC_ENCRYPTION_KEYS,
    logLevel: env.LOG_LEVEL,
    nodeEnv: env.NODE_ENV,
    microsoft: {
      authorityHost: env.CALSYNC_AUTHORITY_HOST,
      graphBaseUrl: env.CALSYNC_GRAPH_BASE_URL,
      tokenTimeoutMs: env.CALSYNC_TOKEN_TIMEOUT_MS,
    },
    ews: { autodiscoverOrigins: env.CALSYNC_EWS_AUTODISCOVER_ORIGINS },
    queuePrefix: env.CALSYNC_QUEUE_PREFIX,
    redisCommandTimeoutMs: env.CALSYNC_REDIS_COMMAND_TIMEOUT_MS,
    notifications: {
      publicUrl: env.CALSYNC_PUBLIC_URL,
      safetyPollIntervalMs: (env.CALSYNC_NOTIFICATION_SAFETY_POLL_HOURS ?? 6) * 3_600_000,
    },
    databaseTimeouts: {
      connectTimeoutMs: env.CALSYNC_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.CALSYNC_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.CALSYNC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    databasePreparedStatements: env.CALSYNC_DB_PREPARED_STATEMENTS !== 'false',
    webhooks: { allowPrivate: env.CALSYNC_WEBHOOK_ALLOW_PRIVATE === 'true' },
  };
}
