// The one way a test builds a core: its own database, the run's Redis under a random queue prefix, a fresh
// encryption key, a silent logger. Suites that reach the Graph emulator add its URL and trusting clients.
import { randomBytes } from 'node:crypto';
import { createCore, createLogger, type Core, type CoreConfig, type CreateCoreOptions } from '@calsync/core';
import { randomQueuePrefix, testRedisUrl, type TestDatabase } from './test-database.ts';

export function testCoreConfig(database: TestDatabase, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    databaseUrl: database.appUrl,
    redisUrl: testRedisUrl(),
    encryptionKeys: [{ id: 'test', key: randomBytes(32) }],
    logLevel: 'silent',
    nodeEnv: 'test',
    microsoft: {},
    queuePrefix: randomQueuePrefix(),
    ...overrides,
  };
}

/** Operator overrides that send every Entra and Graph call to the emulator at `url`. */
export const emulatorEndpoints = (url: string): Pick<CoreConfig, 'microsoft'> => ({
  microsoft: { authorityHost: url, graphBaseUrl: url },
});

export function createTestCore(
  database: TestDatabase,
  overrides: Partial<CoreConfig> = {},
  options: Omit<CreateCoreOptions, 'logger'> = {},
): Core {
  return createCore(testCoreConfig(database, overrides), {
    ...options,
    logger: createLogger({ level: 'silent' }),
  });
}
