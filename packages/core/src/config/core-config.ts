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
  /** BullMQ key prefix; tests use a random one per file. */
  queuePrefix?: string | undefined;
  /** Max Postgres connections of this process. */
  databasePoolSize?: number | undefined;
  /** Bounds on every Postgres connection (see createDatabase); unset means the driver's (none). */
  databaseTimeouts?: DatabaseTimeouts | undefined;
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
  CALSYNC_QUEUE_PREFIX?: string | undefined;
  CALSYNC_DB_CONNECT_TIMEOUT_MS: number;
  CALSYNC_DB_STATEMENT_TIMEOUT_MS: number;
  CALSYNC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
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
    queuePrefix: env.CALSYNC_QUEUE_PREFIX,
    databaseTimeouts: {
      connectTimeoutMs: env.CALSYNC_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.CALSYNC_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.CALSYNC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  };
}
