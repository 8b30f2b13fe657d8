import { createProviderRegistry, type ProviderRegistry } from './providers/registry.ts';
import { createMicrosoftProvider } from './providers/microsoft/provider.ts';
import { createExchangeOnPremProvider } from './providers/exchange-ews/provider.ts';
import { createEwsConnections } from './providers/exchange-ews/ews-connections.ts';
import { sql } from 'drizzle-orm';
import type { INetworkModule } from '@azure/msal-node';
import type { Redis } from 'ioredis';
import type { CoreConfig } from './config/index.ts';
import { createSecretBox, type SecretBox } from './crypto/index.ts';
import { createDatabase, type Database } from './db/index.ts';
import { createQueues, createRedisConnection, QUEUE_NAMES, type Queues } from './jobs/index.ts';
import {
  createLogger,
  createRedisOutageReporter,
  type Logger,
  type RedisOutageReporter,
} from './observability/index.ts';
import type { GraphFetch } from './providers/microsoft/graph/graph-fetch.ts';
import { createTokenProvider, type TokenProvider } from './providers/microsoft/identity/token-provider.ts';
import {
  createGraphClientFactory,
  type CreateGraphClientFor,
} from './providers/microsoft/connector-graph-client.ts';

/** Everything the apps need, built once per process by createCore. */
export interface Core {
  config: CoreConfig;
  logger: Logger;
  db: Database;
  redis: Redis;
  secretBox: SecretBox;
  queues: Queues;
  queuePrefix: string;
  /** Where every Redis connection of the process reports errors and recovery (structured, rate-limited). */
  redisOutages: RedisOutageReporter;
  /** App-only tokens per connector credential version (msal clients in an LRU). */
  tokenProvider: TokenProvider;
  /** Graph client for a connector credential; hosts from its cloud or the operator override only. */
  createGraphClientFor: CreateGraphClientFor;
  /** The calendar back ends by connector kind (the one place that dispatches on connectors.kind). */
  providers: ProviderRegistry;
  checkReady(): Promise<{ postgres: boolean; redis: boolean }>;
  close(): Promise<void>;
}

export interface CreateCoreOptions {
  /** Defaults to a logger built from config.logLevel. */
  logger?: Logger;
  /** msal network module (tests: one that trusts the emulator's CA). */
  msalNetworkClient?: INetworkModule | undefined;
  /**
   * How Graph is reached (default: undici's `request`; tests: a fetch that trusts the emulator's CA;
   * the worker: that default wrapped for metrics and tracing).
   */
  graphFetch?: GraphFetch | undefined;
}

/** The one composition root: opens Postgres, Redis and the queues, and wires the providers by kind. */
export function createCore(config: CoreConfig, options: CreateCoreOptions = {}): Core {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = createDatabase(config.databaseUrl, {
    max: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    preparedStatements: config.databasePreparedStatements,
  });
  const redis = createRedisConnection(config.redisUrl, 'client', config.redisCommandTimeoutMs);
  const redisOutages = createRedisOutageReporter(logger, { probe: () => redis.ping() });
  redisOutages.watch('client', redis, redis);
  const queuePrefix = config.queuePrefix ?? 'calsync';
  const queues = createQueues(redis, queuePrefix);
  for (const name of QUEUE_NAMES)
    redisOutages.watch(`queue:${name}`, queues[name], queues[name].getBackend());
  const secretBox = createSecretBox(config.encryptionKeys);
  const tokenProvider = createTokenProvider({
    authorityHostOverride: config.microsoft.authorityHost,
    logger,
    networkClient: options.msalNetworkClient,
  });
  const createGraphClientFor = createGraphClientFactory({
    tokenProvider,
    overrides: config.microsoft,
    fetchImpl: options.graphFetch,
    tokenTimeoutMs: config.microsoft.tokenTimeoutMs,
  });
  const ewsConnections = createEwsConnections({
    db: database.db,
    secretBox,
    autodiscoverOrigins: config.ews?.autodiscoverOrigins,
  });
  const providers = createProviderRegistry({
    MICROSOFT_GRAPH: createMicrosoftProvider({
      db: database.db,
      secretBox,
      tokenProvider,
      createGraphClientFor,
    }),
    EXCHANGE_ONPREM: createExchangeOnPremProvider(ewsConnections),
  });

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
    redisOutages,
    tokenProvider,
    createGraphClientFor,
    providers,
    async checkReady() {
      const [postgres, redisOk] = await Promise.all([
        answers(() => database.db.execute(sql`select 1`)),
        answers(() => redis.ping()),
      ]);
      return { postgres, redis: redisOk };
    },
    async close() {
      tokenProvider.clear();
      redisOutages.stop();
      ewsConnections.close();
      await queues.close();
      await database.close();
      redis.disconnect();
    },
  };
}
