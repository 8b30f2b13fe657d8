import type { ConnectorRow } from '../db/index.ts';
import { parseConnectorSettings, type ConnectorSettings } from '../providers/connector-settings.ts';

/**
 * A connector as clients see it: everything but the ciphertext and its version, with its kind's
 * settings (cloud, azureTenantId, clientId for MICROSOFT_GRAPH) as fields of their own.
 */
export type ConnectorView = Omit<ConnectorRow, 'credentialCiphertext' | 'credentialVersion' | 'settings'> &
  ConnectorSettings & {
    syncWindow: { pastDays: number; futureDays: number };
  };

export function toConnectorView(row: ConnectorRow): ConnectorView {
  // Destructured away so no code path can hand the ciphertext to a response by accident.
  const { credentialCiphertext: _c, credentialVersion: _v, settings, ...rest } = row;
  return {
    ...rest,
    ...parseConnectorSettings(row.kind, settings),
    syncWindow: { pastDays: row.syncPastDays, futureDays: row.syncFutureDays },
  };
}
