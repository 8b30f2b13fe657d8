import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import { acquireConnectorSlot, connectorSlotRenewal, type ConnectorSlotOptions } from './connector-slots.ts';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

describe('connector slot renewal after each page', () => {
  it('renews the lease once a quarter of it has passed, not on every page', async () => {
    const prefix = randomQueuePrefix();
    const slot: ConnectorSlotOptions = {
      redis,
      prefix,
      connectorId: 'c1',
      holder: 'job-1',
      limit: 2,
      leaseMs: 60_000,
    };
    expect(await acquireConnectorSlot(slot)).toMatchObject({ acquired: true });
    const key = `${prefix}:slots:connector:c1`;
    const expiry = async (): Promise<number> => Number(await redis.zscore(key, 'job-1'));
    const acquiredExpiry = await expiry();

    let clock = 1_000_000;
    const renew = connectorSlotRenewal(slot, () => clock);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a renewal would now move the expiry
    for (const elapsed of [1_000, 7_000, 14_999]) {
      clock = 1_000_000 + elapsed;
      await renew();
    }
    expect(await expiry()).toBe(acquiredExpiry);

    clock = 1_000_000 + 15_000; // a quarter of the lease
    await renew();
    const renewedExpiry = await expiry();
    expect(renewedExpiry).toBeGreaterThan(acquiredExpiry);

    await new Promise((resolve) => setTimeout(resolve, 5));
    clock += 14_000; // counted from the last renewal
    await renew();
    expect(await expiry()).toBe(renewedExpiry);
    clock += 1_000;
    await renew();
    expect(await expiry()).toBeGreaterThan(renewedExpiry);
  });
});
