// Sync lag across workers, kept in the test run's real Redis.
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import { createSyncLagRecorder, registerSyncLagMetrics } from './sync-lag.ts';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

describe('sync lag metrics', () => {
  it('report every mailbox’s lag as a histogram and name the worst ones, oldest first', async () => {
    const prefix = randomQueuePrefix();
    const now = Date.parse('2026-06-01T12:00:00Z');
    // Two workers record successes into the same Redis.
    const [a, b] = [createSyncLagRecorder(redis, prefix), createSyncLagRecorder(redis, prefix)];
    await a.succeeded('mbx-fresh', now - 30_000);
    await b.succeeded('mbx-hour', now - 3_600_000);
    await a.succeeded('mbx-day', now - 86_400_000);
    await b.succeeded('mbx-gone', now - 8 * 86_400_000); // older than a week: pruned
    await a.succeeded('mbx-disabled', now - 10_000);
    await b.forget('mbx-disabled');
    const registry = new Registry();
    registerSyncLagMetrics({ registry, redis, prefix, worst: 2, now: () => now });
    const text = await registry.metrics();
    expect(text).toContain('calsync_sync_lag_seconds_count 3');
    expect(text).toContain('calsync_sync_lag_seconds_bucket{le="60"} 1');
    expect(text).toContain('calsync_sync_lag_seconds_bucket{le="3600"} 2');
    expect(text).toContain('calsync_sync_lag_worst_seconds{mailbox_id="mbx-day",rank="1"} 86400');
    expect(text).toContain('calsync_sync_lag_worst_seconds{mailbox_id="mbx-hour",rank="2"} 3600');
    expect(text).not.toContain('mbx-fresh');
    expect(await redis.zscore(`${prefix}:metrics:last-sync-success`, 'mbx-gone')).toBeNull();
  });
});
