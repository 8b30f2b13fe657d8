import { listEnabledConnectors } from '../db/platform-functions.ts';
import type { Database } from '../db/index.ts';
import type { Queues } from './queues.ts';
import {
  connectorCheckSchedulerId,
  connectorTickSchedulerId,
  scheduleConnector,
  unscheduleConnector,
} from './schedule-connector.ts';

export interface ScheduleReconciliation {
  /** Enabled connectors found in Postgres. */
  connectors: number;
  /** Connectors whose schedulers were missing or stale in Redis and were written again. */
  restored: number;
  /** Connectors deleted or disabled whose schedulers were still in Redis. */
  orphansRemoved: number;
}

const SCHEDULER_ID = /^connector-(?:tick|check):(.+)$/;

/**
 * Makes Redis' job schedulers match Postgres: every enabled connector has its tick (at its
 * interval) and its daily check; schedulers of connectors that are gone or disabled are removed.
 * Only differences are written, so running it often leaves healthy schedules' next run alone.
 * Postgres is the source of truth: a Redis that lost data (flush, failover without persistence)
 * gets its schedules back at the next run instead of at the next worker restart.
 */
export async function reconcileSchedules(core: {
  db: Database;
  queues: Queues;
}): Promise<ScheduleReconciliation> {
  // Redis first, Postgres second: a connector created in between has its row committed before
  // its scheduler is written, so it is either in both lists or not yet in Redis (never an orphan).
  const existing = new Map<string, number | undefined>();
  for (const scheduler of await core.queues.connector.getJobSchedulers(0, -1)) {
    existing.set(scheduler.id ?? scheduler.key, scheduler.every);
  }
  const connectors = await listEnabledConnectors(core.db);
  const wanted = new Set<string>();
  let restored = 0;
  for (const c of connectors) {
    if (!c.enabled) continue;
    wanted.add(c.connectorId);
    const tickEvery = existing.get(connectorTickSchedulerId(c.connectorId));
    const hasCheck = existing.has(connectorCheckSchedulerId(c.connectorId));
    if (tickEvery === c.syncIntervalSeconds * 1000 && hasCheck) continue;
    await scheduleConnector(core, {
      tenantId: c.tenantId,
      connectorId: c.connectorId,
      intervalSeconds: c.syncIntervalSeconds,
      enabled: true,
    });
    restored += 1;
  }
  const orphans = new Set<string>();
  for (const id of existing.keys()) {
    const connectorId = SCHEDULER_ID.exec(id)?.[1];
    if (connectorId && !wanted.has(connectorId)) orphans.add(connectorId);
  }
  for (const connectorId of orphans) await unscheduleConnector(core, connectorId);
  return { connectors: wanted.size, restored, orphansRemoved: orphans.size };
}
