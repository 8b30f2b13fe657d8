// The EWS caller against real Redis: ErrorServerBusy is waited out exactly by the job that got it, and a back-off
// another job of the connector recorded is honoured by a job that reads it at most a second late.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../../../tests/support/test-database.ts';
import { recordConnectorBackoff } from '../../../sync/connector-backoff.ts';
import { emptyRunStats } from '../../../sync/run-stats.ts';
import { EwsRequestError } from '../ews-client.ts';
import { problem } from '../ews-problem.ts';
import { BACKOFF_READ_INTERVAL_MS, createEwsCaller } from './ews-caller.ts';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

function caller(connectorId: string) {
  const waits: number[] = [];
  const stats = emptyRunStats();
  const prefix = randomQueuePrefix();
  const call = createEwsCaller({
    redis,
    keyPrefix: prefix,
    connectorId,
    stats,
    requestCount: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, ms));
    },
  });
  return { call, waits, stats, prefix };
}

const serverBusy = (backOffMs: number) =>
  new EwsRequestError(
    problem('fault', 'ErrorServerBusy', 'The server cannot service this request right now.', {
      values: { BackOffMilliseconds: String(backOffMs) },
      status: 500,
    }),
  );

describe('EWS caller', () => {
  it('waits exactly the BackOffMilliseconds of its own ErrorServerBusy before asking again', async () => {
    const { call, waits, stats } = caller('busy');
    let attempts = 0;
    const started = Date.now();
    const answer = await call(() => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(serverBusy(400)) : Promise.resolve('ok');
    });
    expect(answer).toBe('ok');
    expect(attempts).toBe(2);
    expect(stats.throttled).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('honours a back-off another job recorded, read from Redis at most a second late', async () => {
    const { call, waits, prefix } = caller('shared');
    await call(() => Promise.resolve('first')); // reads the (empty) shared back-off
    await recordConnectorBackoff(redis, prefix, 'shared', Date.now() + BACKOFF_READ_INTERVAL_MS + 500);
    await new Promise((r) => setTimeout(r, BACKOFF_READ_INTERVAL_MS));
    const asked = Date.now();
    let sentAt = 0;
    await call(() => {
      sentAt = Date.now();
      return Promise.resolve();
    });
    expect(waits).toHaveLength(1);
    expect(sentAt - asked).toBeGreaterThanOrEqual(400);
  });
});
