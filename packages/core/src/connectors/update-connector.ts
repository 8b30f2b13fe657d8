import { backEndPatch, validateBackEndUpdate } from '../providers/connector-input-by-kind.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Core } from '../create-core.ts';
import { connectors, withTenant, type ConnectorRow, type NewConnectorRow } from '../db/index.ts';
import { enqueueConnectorCheck, scheduleConnector } from '../jobs/index.ts';
import { enqueueMailboxSyncs } from '../sync/enqueue-mailbox-syncs.ts';
import { dropConnectorDeltaState } from '../sync/mailbox-state.ts';
import { listConnectorSyncJobs } from '../sync/request-sync.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { replaceAllDayEvents, requireIanaTimeZone } from '../calendar/mailbox-time-zone.ts';
import { sealCredential } from './connector-credential.ts';
import type { UpdateConnectorInput } from './connector-input.ts';
import { requireConnectorRow } from './connector-queries.ts';
import { toConnectorView, type ConnectorView } from './connector-view.ts';
import { validateAutoAddRoomsFrom, validateRoomDirectoryInterval } from '../rooms/room-directory-settings.ts';
import { enqueueRoomDirectoryRefresh } from '../rooms/schedule-room-directory.ts';
import { validateName, validateSyncInterval, validateSyncWindow } from './validate-connector-input.ts';

type ConnectorCore = Pick<Core, 'db' | 'secretBox' | 'queues' | 'logger'>;

/**
 * Partial update. A new secret or certificate (or a new directory or client id, which changes
 * what the credential authenticates as) bumps credential_version: the next token request uses a
 * fresh msal client, with no restart, and a connector check is enqueued. A change of what is
 * stored (private-event masking, sync window) drops every mailbox's delta state in the same
 * transaction and enqueues a full sync, so stored rows are rewritten under the new settings.
 */
export async function updateConnector(
  core: ConnectorCore,
  principal: Principal,
  id: string,
  input: UpdateConnectorInput,
): Promise<ConnectorView> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const patch: Partial<NewConnectorRow> = {};
  if (input.name != null) patch.name = validateName(input.name);
  const backEnd = validateBackEndUpdate(input);
  if (input.syncWindow != null) {
    const window = validateSyncWindow(input.syncWindow);
    patch.syncPastDays = window.pastDays;
    patch.syncFutureDays = window.futureDays;
  }
  if (input.syncIntervalSeconds != null)
    patch.syncIntervalSeconds = validateSyncInterval(input.syncIntervalSeconds);
  if (input.maskPrivateEvents != null) patch.maskPrivateEvents = input.maskPrivateEvents;
  if (input.defaultTimeZone != null)
    patch.defaultTimeZone = requireIanaTimeZone('defaultTimeZone', input.defaultTimeZone);
  if (input.autoAddRoomsFrom != null)
    patch.autoAddRoomsFrom = validateAutoAddRoomsFrom(input.autoAddRoomsFrom);
  if (input.roomDirectoryIntervalHours != null)
    patch.roomDirectoryIntervalHours = validateRoomDirectoryInterval(input.roomDirectoryIntervalHours);
  if (input.credentialExpiresAt !== undefined) patch.credentialExpiresAt = input.credentialExpiresAt;

  const { before, after } = await withTenant(core.db, tenantId, async (tx) => {
    const current = await requireConnectorRow(tx, tenantId, id);
    const { nextSettings, credential } = backEndPatch(current, input, backEnd);
    const identityChanged =
      credential !== null || JSON.stringify(nextSettings) !== JSON.stringify(current.settings);
    const set: Partial<NewConnectorRow> = { ...patch, updatedAt: new Date() };
    if (identityChanged) set.settings = nextSettings;
    if (credential) {
      Object.assign(set, sealCredential(core.secretBox, tenantId, id, credential));
      if (input.credentialExpiresAt === undefined)
        set.credentialExpiresAt = credential.kind === 'CERTIFICATE' ? credential.certificate.notAfter : null;
    }
    if (input.enabled != null && input.enabled !== current.enabled) {
      set.enabled = input.enabled;
      set.status = input.enabled ? 'PENDING' : 'DISABLED';
      set.statusDetail = input.enabled ? null : 'Disabled by an administrator: nothing is synced.';
    } else if (identityChanged && current.enabled) {
      set.status = 'PENDING';
      set.statusDetail = 'Credential changed: a connector check is queued.';
    }
    const [updated] = await tx
      .update(connectors)
      .set({
        ...set,
        ...(identityChanged ? { credentialVersion: sql`${connectors.credentialVersion} + 1` } : {}),
      })
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)))
      .returning();
    if (!updated) throw new Error('connector update returned nothing');
    if (storedRowsChange(current, updated)) await dropConnectorDeltaState(tx, tenantId, id);
    if (updated.defaultTimeZone !== current.defaultTimeZone)
      await replaceAllDayEvents(tx, tenantId, { connectorId: id });
    return { before: current, after: updated };
  });

  if (after.enabled !== before.enabled || after.syncIntervalSeconds !== before.syncIntervalSeconds) {
    await scheduleConnector(core, {
      tenantId,
      connectorId: id,
      intervalSeconds: after.syncIntervalSeconds,
      enabled: after.enabled,
    });
  }
  const credentialChanged = after.credentialVersion !== before.credentialVersion;
  if (after.enabled && (credentialChanged || !before.enabled)) {
    await enqueueConnectorCheck(core, {
      tenantId,
      connectorId: id,
      reason: credentialChanged ? 'CREDENTIAL_CHANGED' : 'MANUAL',
    });
  }
  if (after.enabled && before.autoAddRoomsFrom.join() !== after.autoAddRoomsFrom.join()) {
    // Rooms of a newly tracked room list are added now, not at the next daily run.
    await enqueueRoomDirectoryRefresh(core, { tenantId, connectorId: id, trigger: 'MANUAL' });
  }
  if (storedRowsChange(before, after)) {
    // Empty when the connector is disabled or blocked: its next sync is full anyway (no delta link).
    const jobs = await listConnectorSyncJobs(core.db, tenantId, id, { mode: 'FULL', trigger: 'MANUAL' });
    await enqueueMailboxSyncs(
      core,
      (jobs ?? []).map(({ fresh: _fresh, ...payload }) => payload),
    );
  }
  core.logger.info(
    { tenantId, connectorId: id, credentialVersion: after.credentialVersion, enabled: after.enabled },
    'connector updated',
  );
  return toConnectorView(after);
}

/** Settings that change what a sync stores: rows synced under the old ones must be rewritten. */
function storedRowsChange(before: ConnectorRow, after: ConnectorRow): boolean {
  return (
    before.maskPrivateEvents !== after.maskPrivateEvents ||
    before.syncPastDays !== after.syncPastDays ||
    before.syncFutureDays !== after.syncFutureDays
  );
}
