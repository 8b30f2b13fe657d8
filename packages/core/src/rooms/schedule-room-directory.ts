import { and, eq, sql } from 'drizzle-orm';
import type { Core } from '../create-core.ts';
import { connectors, mailboxes, withTenant } from '../db/index.ts';
import { roomDirectoryJobId, type RoomDirectoryRefreshPayload } from '../jobs/index.ts';

/**
 * Queues a room directory refresh on the `directory` queue, deduplicated per connector (a refresh
 * already pending or running absorbs this one). Ids only in the payload.
 */
export async function enqueueRoomDirectoryRefresh(
  core: Pick<Core, 'queues'>,
  payload: RoomDirectoryRefreshPayload,
): Promise<void> {
  await core.queues.directory.add('room-directory.refresh', payload, {
    deduplication: { id: roomDirectoryJobId(payload.connectorId) },
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: 100,
    removeOnFail: 500,
  });
}

/**
 * Called by every connector tick: queues the directory refresh when the connector's interval has
 * passed since the last run (or it never ran) and the connector has rooms to keep up to date —
 * a ROOM mailbox or a room list to add rooms from. Returns whether it queued one.
 */
export async function enqueueRoomDirectoryIfDue(
  core: Pick<Core, 'db' | 'queues'>,
  tenantId: string,
  connectorId: string,
): Promise<boolean> {
  const [due] = await withTenant(core.db, tenantId, (tx) =>
    tx
      .select({ id: connectors.id })
      .from(connectors)
      .where(
        and(
          eq(connectors.tenantId, tenantId),
          eq(connectors.id, connectorId),
          eq(connectors.enabled, true),
          sql`(${connectors.roomDirectoryRefreshedAt} is null or ${connectors.roomDirectoryRefreshedAt} <= now() - make_interval(hours => ${connectors.roomDirectoryIntervalHours}))`,
          sql`(cardinality(${connectors.autoAddRoomsFrom}) > 0 or exists (select 1 from ${mailboxes} where ${mailboxes.tenantId} = ${connectors.tenantId} and ${mailboxes.connectorId} = ${connectors.id} and ${mailboxes.kind} = 'ROOM'))`,
        ),
      ),
  );
  if (!due) return false;
  await enqueueRoomDirectoryRefresh(core, { tenantId, connectorId, trigger: 'SCHEDULE' });
  return true;
}
