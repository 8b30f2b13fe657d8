import { randomBytes } from 'node:crypto';
import type { CoreConfig } from '@calsync/core';
import { randomQueuePrefix, testRedisUrl, type TestDatabase } from '../../../support/test-database.ts';

/** Core config pointed at a test database, the run's Redis (own prefix) and the emulator. */
export function syncCoreConfig(
  database: TestDatabase,
  emulatorUrl: string,
  overrides: Partial<CoreConfig> = {},
): CoreConfig {
  return {
    databaseUrl: database.appUrl,
    redisUrl: testRedisUrl(),
    encryptionKeys: [{ id: 'test', key: randomBytes(32) }],
    logLevel: 'silent',
    nodeEnv: 'test',
    microsoft: { authorityHost: emulatorUrl, graphBaseUrl: emulatorUrl },
    queuePrefix: randomQueuePrefix(),
    ...overrides,
  };
}
