import { connectorBackEnd } from '../providers/connector-input-by-kind.ts';
import { randomUUID } from 'node:crypto';
import type { Core } from '../create-core.ts';
import { connectors, withTenant } from '../db/index.ts';
import { enqueueConnectorCheck, scheduleConnector } from '../jobs/index.ts';
import { insertMailboxes } from '../mailboxes/mailbox-repository.ts';
import { normaliseAddresses } from '../mailboxes/mailbox-address.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { requireIanaTimeZone } from '../calendar/mailbox-time-zone.ts';
import { sealCredential } from './connector-credential.ts';
import type { CreateConnectorInput } from './connector-input.ts';
import { toConnectorView, type ConnectorView } from './connector-view.ts';
import {
  ROOM_DIRECTORY_INTERVAL_HOURS,
  validateAutoAddRoomsFrom,
  validateRoomDirectoryInterval,
} from '../rooms/room-directory-settings.ts';
import {
  DEFAULT_SYNC_INTERVAL_SECONDS,
  DEFAULT_SYNC_WINDOW,
  validateName,
  validateSyncInterval,
  validateSyncWindow,
} from './validate-connector-input.ts';

type ConnectorCore = Pick<Core, 'db' | 'secretBox' | 'queues' | 'logger'>;

/**
 * Stores a connector with its encrypted credential (and initial mailboxes) without calling
 * its back end (Microsoft 365, or Exchange on premises): status starts PENDING, a connector.check job is enqueued and the tick scheduled.
 */
export async function createConnector(
  core: ConnectorCore,
  principal: Principal,
  input: CreateConnectorInput,
): Promise<ConnectorView> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  const name = validateName(input.name);
  const { settings, credential } = connectorBackEnd(input);
  const window = validateSyncWindow(input.syncWindow ?? DEFAULT_SYNC_WINDOW);
  const interval = validateSyncInterval(input.syncIntervalSeconds ?? DEFAULT_SYNC_INTERVAL_SECONDS);
  const defaultTimeZone = requireIanaTimeZone('defaultTimeZone', input.defaultTimeZone ?? 'UTC');
  const addresses = input.mailboxes ? normaliseAddresses('mailboxes', input.mailboxes) : [];
  const autoAddRoomsFrom = validateAutoAddRoomsFrom(input.autoAddRoomsFrom ?? []);
  const roomDirectoryIntervalHours = validateRoomDirectoryInterval(
    input.roomDirectoryIntervalHours ?? ROOM_DIRECTORY_INTERVAL_HOURS.default,
  );
  const credentialExpiresAt =
    input.credentialExpiresAt ?? (credential.kind === 'CERTIFICATE' ? credential.certificate.notAfter : null);
  const kind = input.kind ?? 'MICROSOFT_GRAPH';

  const id = randomUUID();
  // Millisecond timestamps keep (createdAt, id) cursors exact in JavaScript.
  const now = new Date();
  const row = await withTenant(core.db, tenantId, async (tx) => {
    const [inserted] = await tx
      .insert(connectors)
      .values({
        tenantId,
        id,
        name,
        kind,
        settings,
        ...sealCredential(core.secretBox, tenantId, id, credential),
        credentialVersion: 1,
        credentialExpiresAt,
        syncPastDays: window.pastDays,
        syncFutureDays: window.futureDays,
        syncIntervalSeconds: interval,
        maskPrivateEvents: input.maskPrivateEvents ?? true,
        defaultTimeZone,
        autoAddRoomsFrom,
        roomDirectoryIntervalHours,
        enabled: true,
        status: 'PENDING',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!inserted) throw new Error('connector insert returned nothing');
    await insertMailboxes(
      tx,
      tenantId,
      id,
      addresses.map((address) => ({ address })),
    );
    return inserted;
  });
  await scheduleConnector(core, { tenantId, connectorId: id, intervalSeconds: interval, enabled: true });
  await enqueueConnectorCheck(core, { tenantId, connectorId: id, reason: 'CREATED' });
  core.logger.info({ tenantId, connectorId: id, credentialKind: row.credentialKind }, 'connector created');
  return toConnectorView(row);
}
