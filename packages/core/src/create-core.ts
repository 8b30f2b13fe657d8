import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { CoreConfig } from './config/index.ts';
import { createSecretBox, type SecretBox } from './crypto/index.ts';
import { createDatabase, type Database } from './db/index.ts';
import { createQueues, createRedisConnection, type Queues } from './jobs/index.ts';
import { createLogger, type Logger } from './observability/index.ts';

/** Everything the apps need, built once per process by createCore. */
export interface Core {
  config: CoreConfig;
  logger: Logger;
  db: Database;
  redis: Redis;
  secretBox: SecretBox;
  queues: Queues;
  queuePrefix: string;
  checkReady(): Promise<{ postgres: boolean; redis: boolean }>;
  close(): Promise<void>;
}

export interface CreateCoreOptions {
  /** Defaults to a logger built from config.logLevel. */
  logger?: Logger;
}

/** The one composition root: opens Postgres, Redis and the queues. */
export function createCore(config: CoreConfig, options: CreateCoreOptions = {}): Core {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = createDatabase(config.databaseUrl, { max: config.databasePoolSize });
  const redis = createRedisConnection(config.redisUrl, 'client');
  redis.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis connection error'));
  const queuePrefix = config.queuePrefix ?? 'calsync';
  const queues = createQueues(redis, queuePrefix);
  const secretBox = createSecretBox(config.encryptionKeys);

  async function answers(probe: () => Promise<unknown>): Promise<boolean> {
    try {
      await Promise.race([probe(), new Promise((_, reject) => setTimeout(reject, 2000).unref())]);
      return true;
    } catch {
      return false;
    }
  }

  return {
    config,
    logger,
    db: database.db,
    redis,
    secretBox,
    queues,
    queuePrefix,
    async checkReady() {
      const [postgres, redisOk] = await Promise.all([
        answers(() => database.db.execute(sql`select 1`)),
        answers(() => redis.ping()),
      ]);
      return { postgres, redis: redisOk };
    },
    async close() {
      await queues.close();
      await database.close();
      redis.disconnect();
    },
  };
}
