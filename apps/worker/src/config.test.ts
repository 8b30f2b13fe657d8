import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

describe('worker configuration', () => {
  it('defaults concurrency and page size', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: 'postgres://calsync_app:pw@127.0.0.1:5432/calsync',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CALSYNC_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(config).toMatchObject({
      syncConcurrency: 20,
      connectorConcurrency: 4,
      syncPageSize: 200,
      closeTimeoutMs: 25_000,
      jobLockMs: 30_000,
      stalledCheckMs: 30_000,
      connectorLeaseMs: 60_000,
    });
    expect(config.core.databaseTimeouts).toEqual({
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
    });
    expect(config.core.queuePrefix).toBe('calsync');
    expect(config.webhooks).toMatchObject({ concurrency: 16, tenantConcurrency: 4 });
  });

  it('stops the real entry point with one clear line per bad variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', REDIS_URL: 'redis://127.0.0.1:6379' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'configuration error: DATABASE_URL must be a postgres:// URL',
      'configuration error: CALSYNC_ENCRYPTION_KEYS is required but missing',
    ]);
  });
});
