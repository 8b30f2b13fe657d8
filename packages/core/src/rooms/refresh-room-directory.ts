import { and, eq } from 'drizzle-orm';
import type { Core } from '../create-core.ts';
import { connectors, withTenant } from '../db/index.ts';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import { isAppError } from '../errors/index.ts';
import { applyRoomDirectory } from './apply-room-directory.ts';
import type { RoomDirectoryReport } from './room-directory-report.ts';

/** A directory of thousands of rooms is a few dozen /places pages plus one read per room list. */
const DIRECTORY_BUDGET_MS = 120_000;

/**
 * The room directory job: reads rooms and room lists through the connector's provider, stores
 * them (applyRoomDirectory) and records the report on the connector. A directory that cannot be
 * read leaves every stored room as it was and records why; the next scheduled run tries again.
 * Throws NOT_FOUND when the connector is gone.
 */
export async function refreshRoomDirectory(
  core: Pick<Core, 'db' | 'providers' | 'logger'>,
  tenantId: string,
  connectorId: string,
): Promise<RoomDirectoryReport> {
  const connector = await withTenant(core.db, tenantId, (tx) =>
    requireConnectorRow(tx, tenantId, connectorId),
  );
  let report: RoomDirectoryReport;
  try {
    const snapshot = await core.providers
      .for(connector.kind)
      .directory.readRoomDirectory({ tenantId, connectorId }, DIRECTORY_BUDGET_MS);
    report = await withTenant(core.db, tenantId, async (tx) => {
      const now = new Date();
      const applied = await applyRoomDirectory(tx, {
        tenantId,
        connectorId,
        autoAddRoomsFrom: connector.autoAddRoomsFrom,
        snapshot,
        now,
      });
      return { ...applied, finishedAt: now.toISOString() };
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    report = failedReport(error.message);
  }
  await withTenant(core.db, tenantId, (tx) =>
    tx
      .update(connectors)
      .set({ roomDirectoryRefreshedAt: new Date(report.finishedAt), roomDirectoryReport: report })
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId))),
  );
  core.logger.info(
    {
      tenantId,
      connectorId,
      ok: report.ok,
      rooms: report.rooms,
      added: report.added.length,
      disabled: report.disabled.length,
      restored: report.restored.length,
    },
    report.disabled.length > 0
      ? 'room directory refreshed; rooms missing from the directory were disabled'
      : 'room directory refreshed',
  );
  return report;
}

function failedReport(detail: string): RoomDirectoryReport {
  return {
    ok: false,
    finishedAt: new Date().toISOString(),
    rooms: 0,
    roomLists: 0,
    added: [],
    disabled: [],
    restored: [],
    detail,
  };
}
