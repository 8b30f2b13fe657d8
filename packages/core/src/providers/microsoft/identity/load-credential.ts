import { unsealConnector, type SealedConnectorRecord } from '../../../connectors/connector-credential.ts';
import type { SecretBox } from '../../../crypto/index.ts';
import type { Database } from '../../../db/index.ts';
import { parseConnectorSettings } from '../../connector-settings.ts';
import type { ConnectorCredential } from './token-provider.ts';

/**
 * The decrypted credential of a connector, for the token provider. `version` changes on every
 * rotation, so token clients cached under the old version are never used again.
 * Throws NOT_FOUND when the connector does not exist in this tenant. `record`: the connector's columns
 * when the caller already read them (a sync job reads them with its target).
 */
export async function loadConnectorCredential(
  core: { db: Database; secretBox: SecretBox },
  tenantId: string,
  connectorId: string,
  record?: SealedConnectorRecord,
): Promise<ConnectorCredential> {
  const {
    kind,
    settings: raw,
    credential: sealed,
    version,
  } = await unsealConnector(core, tenantId, connectorId, record);
  if (kind !== 'MICROSOFT_GRAPH' || sealed.kind === 'PASSWORD')
    throw new Error(`connector ${connectorId} is not a Microsoft Graph connector`);
  const settings = parseConnectorSettings('MICROSOFT_GRAPH', raw);
  const base = {
    connectorId,
    version,
    cloud: settings.cloud,
    azureTenantId: settings.azureTenantId,
    clientId: settings.clientId,
  };
  return sealed.kind === 'CLIENT_SECRET'
    ? { ...base, kind: 'CLIENT_SECRET', clientSecret: sealed.clientSecret }
    : {
        ...base,
        kind: 'CERTIFICATE',
        privateKeyPem: sealed.privateKeyPem,
        certificatePem: sealed.certificatePem,
        thumbprintSha256: sealed.thumbprintSha256,
      };
}
