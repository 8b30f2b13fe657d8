// Job schedulers come back after Redis lost them, without a worker restart; orphans go away.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectors,
  createCore,
  createDatabase,
  createLogger,
  scheduleConnector,
  tenants,
  type Core,
  type DatabaseHandle,
} from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.ts';
import { testCoreConfig } from '../../../tests/support/test-api.ts';
import { seedConnector } from '../../../tests/support/seed-events.ts';
import { startScheduleReconciler } from './schedule-reconciler.ts';

let database: TestDatabase;
let owner: DatabaseHandle;
let core: Core;
const ids: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  owner = createDatabase(database.adminUrl, { max: 2 });
  core = createCore(testCoreConfig(database), { logger: createLogger({ level: 'silent' }) });
  for (const slug of ['sched-a', 'sched-b']) {
    const tenantId = randomUUID();
    await owner.db.insert(tenants).values({ id: tenantId, slug, name: slug });
    ids.push(await seedConnector(owner.db, tenantId));
  }
});
afterAll(async () => {
  await core?.close();
  await owner?.close();
  await database?.drop();
});

const schedulerIds = async (): Promise<string[]> =>
  (await core.queues.connector.getJobSchedulers(0, -1)).map((s) => s.id ?? s.key).sort();
// The change log's retention job is re-asserted with the connectors' schedulers.
const expectedFor = (connectorIds: string[]): string[] =>
  ['changes-trim', ...connectorIds.flatMap((id) => [`connector-check:${id}`, `connector-tick:${id}`])].sort();

describe('periodic scheduler reconciliation', () => {
  it('restores flushed schedulers at the next interval and removes those of disabled or deleted connectors', async () => {
    const reconciler = startScheduleReconciler(core, 300, 60_000);
    try {
      await reconciler.ready;
      expect(await schedulerIds()).toEqual(expectedFor(ids));

      // Redis loses the scheduler keys (flush, restore from an old snapshot).
      const keys = await core.redis.keys(`${core.queuePrefix}:connector:repeat*`);
      expect(keys.length).toBeGreaterThan(0);
      await core.redis.del(...keys);
      expect(await schedulerIds()).toEqual([]);
      await expect.poll(schedulerIds, { timeout: 10_000 }).toEqual(expectedFor(ids));
      const tick = await core.queues.connector.getJobScheduler(`connector-tick:${ids[0]!}`);
      expect(tick?.every).toBe(900_000); // the connector default interval

      // One connector disabled behind the API's back, one scheduler of a connector that no longer exists.
      await owner.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, ids[1]!));
      const gone = randomUUID();
      await scheduleConnector(core, {
        tenantId: randomUUID(),
        connectorId: gone,
        intervalSeconds: 60,
        enabled: true,
      });
      expect(await schedulerIds()).toContain(`connector-tick:${gone}`);
      await expect.poll(schedulerIds, { timeout: 10_000 }).toEqual(expectedFor([ids[0]!]));
    } finally {
      reconciler.stop();
    }
  });
});
