import { parseConnectorSettings } from '../providers/connector-settings.ts';
import { randomUUID } from 'node:crypto';
import type { Core } from '../create-core.ts';
import { connectors, withTenant } from '../db/index.ts';
import { enqueueConnectorCheck, scheduleConnector } from '../jobs/index.ts';
import { insertMailboxes } from '../mailboxes/mailbox-repository.ts';
import { normaliseAddresses } from '../mailboxes/mailbox-address.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { badInput } from '../errors/index.ts';
import { requireIanaTimeZone } from '../calendar/mailbox-time-zone.ts';
import type { ConnectorSettings } from '../providers/connector-settings.ts';
import { sealCredential, type NewCredential } from './connector-credential.ts';
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
  pickCredential,
  validateAzureTenantId,
  validateClientId,
  validateName,
  validateSyncInterval,
  validateSyncWindow,
} from './validate-connector-input.ts';
import { validateExchangeOnPremSettings, validateMonitorPassword } from './validate-exchange-onprem-input.ts';

type ConnectorCore = Pick<Core, 'db' | 'secretBox' | 'queues' | 'logger'>;

/** The kind's settings and its one credential; fields of the other kind are refused by name. */
function validateBackEnd(input: CreateConnectorInput): {
  settings: ConnectorSettings;
  credential: NewCredential;
} {
  if (input.kind === 'EXCHANGE_ONPREM') {
    for (const field of ['azureTenantId', 'clientId', 'clientSecret', 'certificate', 'cloud'] as const)
      if (input[field] != null)
        throw badInput(field, 'is for MICROSOFT_GRAPH connectors, not EXCHANGE_ONPREM');
    const ews = input.exchangeOnPrem;
    if (ews == null) throw badInput('exchangeOnPrem', 'is required for an EXCHANGE_ONPREM connector');
    const settings = validateExchangeOnPremSettings(ews);
    if (ews.password == null) throw badInput('exchangeOnPrem.password', 'is required');
    return { settings, credential: { kind: 'PASSWORD', password: validateMonitorPassword(ews.password) } };
  }
  if (input.exchangeOnPrem != null)
    throw badInput('exchangeOnPrem', 'is for EXCHANGE_ONPREM connectors: set kind: EXCHANGE_ONPREM');
  if (input.azureTenantId == null) throw badInput('azureTenantId', 'is required');
  if (input.clientId == null) throw badInput('clientId', 'is required');
  const azureTenantId = validateAzureTenantId(input.azureTenantId);
  const clientId = validateClientId(input.clientId);
  const credential = pickCredential(input, true);
  if (!credential) throw new Error('unreachable: a required credential was not returned');
  return {
    settings: parseConnectorSettings('MICROSOFT_GRAPH', {
      cloud: input.cloud ?? 'GLOBAL',
      azureTenantId,
      clientId,
    }),
    credential,
  };
}

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
  const { settings, credential } = validateBackEnd(input);
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
