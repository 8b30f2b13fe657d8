import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import {
  acquireLeaseSlot,
  acquireLeaseSlotUnlessBlocked,
  releaseLeaseSlot,
  renewLeaseSlot,
  type LeaseSlot,
} from './lease-slots.ts';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

const slot = (key: string, holder: string, leaseMs = 60_000): LeaseSlot => ({
  redis,
  key,
  holder,
  limit: 2,
  leaseMs,
});

describe('lease slots', () => {
  it('admits at most `limit` holders of a group, again after a release, and lets a holder re-enter', async () => {
    const key = `${randomQueuePrefix()}:slots:group`;
    expect(await acquireLeaseSlot(slot(key, 'a'))).toBe(true);
    expect(await acquireLeaseSlot(slot(key, 'b'))).toBe(true);
    expect(await acquireLeaseSlot(slot(key, 'c'))).toBe(false);
    expect(await acquireLeaseSlot(slot(key, 'a'))).toBe(true);
    expect(await acquireLeaseSlot(slot(`${key}-other`, 'c'))).toBe(true);
    await releaseLeaseSlot(slot(key, 'b'));
    expect(await acquireLeaseSlot(slot(key, 'c'))).toBe(true);
  });

  it('frees the slot of a holder that stopped renewing (a killed worker)', async () => {
    const key = `${randomQueuePrefix()}:slots:group`;
    expect(await acquireLeaseSlot(slot(key, 'dead', 150))).toBe(true);
    expect(await acquireLeaseSlot(slot(key, 'alive', 150))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await renewLeaseSlot(slot(key, 'alive', 150));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await acquireLeaseSlot(slot(key, 'next', 150))).toBe(true);
    expect(await acquireLeaseSlot(slot(key, 'late', 150))).toBe(false);
  });

  it('takes no slot while the blocking key holds a later time, and says until when', async () => {
    const prefix = randomQueuePrefix();
    const key = `${prefix}:slots:group`;
    const blockedKey = `${prefix}:backoff:group`;
    expect(await acquireLeaseSlotUnlessBlocked(slot(key, 'a'), blockedKey)).toEqual({
      acquired: true,
      blockedUntil: 0,
    });
    const until = Date.now() + 60_000;
    await redis.set(blockedKey, String(until));
    expect(await acquireLeaseSlotUnlessBlocked(slot(key, 'b'), blockedKey)).toEqual({
      acquired: false,
      blockedUntil: until,
    });
    expect(await redis.zscore(key, 'b')).toBeNull();
    // A time already past blocks nothing; the limit still holds.
    await redis.set(blockedKey, String(Date.now() - 1));
    expect((await acquireLeaseSlotUnlessBlocked(slot(key, 'b'), blockedKey)).acquired).toBe(true);
    expect(await acquireLeaseSlotUnlessBlocked(slot(key, 'c'), blockedKey)).toEqual({
      acquired: false,
      blockedUntil: 0,
    });
  });
});
