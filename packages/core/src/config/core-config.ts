/** What createCore needs; each app maps its parsed environment onto this. */
export interface CoreConfig {
  databaseUrl: string;
  redisUrl: string;
  encryptionKeys: { id: string; key: Buffer }[];
  logLevel: string;
  nodeEnv: 'development' | 'test' | 'production';
  microsoft: { authorityHost?: string | undefined; graphBaseUrl?: string | undefined };
  /** BullMQ key prefix; tests use a random one per file. */
  queuePrefix?: string | undefined;
  /** Max Postgres connections of this process. */
  databasePoolSize?: number | undefined;
}
