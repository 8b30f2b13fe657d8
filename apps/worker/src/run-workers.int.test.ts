// Shutdown is bounded, and a job abandoned at the deadline is not lost: another worker reruns it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, createLogger, type Core } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.ts';
import { testCoreConfig } from '../../../tests/support/test-api.ts';
import { startWorkers, type ProcessorMap } from './run-workers.ts';

let database: TestDatabase;
let core: Core;

beforeAll(async () => {
  database = await createTestDatabase();
  core = createCore(testCoreConfig(database), { logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await core?.close();
  await database?.drop();
});

const ids = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  connectorId: '00000000-0000-4000-8000-000000000002',
};
const stall = { lockDurationMs: 1_000, stalledIntervalMs: 500, maxStalledCount: 5 };

function processors(tick: ProcessorMap['connector.tick']): ProcessorMap {
  const unused = () => Promise.reject(new Error('not part of this test'));
  return {
    'connector.tick': tick,
    'mailbox.sync': unused,
    'mailbox.first-sync': unused,
    'connector.check': unused,
    'changes.trim': unused,
    'graph-subscription.maintain': unused,
    'room-directory.refresh': unused,
    'webhook.deliver': unused,
    'webhook.sweep': unused,
  };
}

describe('worker shutdown', () => {
  it('gives up on a hung job at the close deadline, and the job reruns on the next worker', async () => {
    let started = 0;
    const hung = startWorkers({
      core,
      concurrency: { sync: 1, connector: 1, directory: 1, webhooks: 1 },
      stall,
      processors: processors(() => {
        started += 1;
        return new Promise(() => undefined); // a Graph call that never answers
      }),
    });
    await core.queues.connector.add('connector.tick', ids, { jobId: 'hung-tick' });
    await expect.poll(() => started, { timeout: 10_000 }).toBe(1);

    const closing = Date.now();
    const { abandoned } = await hung.close(800);
    expect(abandoned).toBe(1);
    expect(Date.now() - closing).toBeLessThan(5_000);

    const finished: string[] = [];
    const next = startWorkers({
      core,
      concurrency: { sync: 1, connector: 1, directory: 1, webhooks: 1 },
      stall,
      processors: processors((payload) => {
        finished.push(payload.connectorId);
        return Promise.resolve({ rerun: true });
      }),
    });
    try {
      await expect.poll(() => finished, { timeout: 15_000 }).toEqual([ids.connectorId]);
      await expect
        .poll(async () => (await core.queues.connector.getJob('hung-tick'))?.returnvalue, { timeout: 5_000 })
        .toEqual({ rerun: true });
    } finally {
      await next.close(5_000);
    }
  });

  it('waits for in-flight jobs that finish before the deadline', async () => {
    let release: () => void = () => undefined;
    let started = false;
    const running = startWorkers({
      core,
      concurrency: { sync: 1, connector: 1, directory: 1, webhooks: 1 },
      stall,
      processors: processors(() => {
        started = true;
        return new Promise((resolve) => {
          release = () => resolve({ done: true });
        });
      }),
    });
    await core.queues.connector.add('connector.tick', ids, { jobId: 'short-tick' });
    await expect.poll(() => started, { timeout: 10_000 }).toBe(true);
    setTimeout(() => release(), 300);
    expect(await running.close(10_000)).toEqual({ abandoned: 0 });
    expect((await core.queues.connector.getJob('short-tick'))?.returnvalue).toEqual({ done: true });
  });
});
