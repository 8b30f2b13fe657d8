import type { ConnectorRow } from '../db/index.ts';
import type { AzureCloud } from '../db/schema/enums.ts';
import { parseConnectorSettings } from '../providers/connector-settings.ts';
import { currentEwsUrl } from '../providers/exchange-ews/settings.ts';
import type { ExchangeVersionInput } from './connector-input.ts';
import { exchangeVersionName } from './validate-exchange-onprem-input.ts';

/** An on-premises Exchange connector's settings as clients see them: the CA bundle only as a flag. */
export interface ExchangeOnPremView {
  /** The EWS URL in use: entered, or found by Autodiscover (null until it has been). */
  ewsUrl: string | null;
  autodiscoverDomain: string | null;
  username: string;
  authentication: 'NTLM' | 'BASIC';
  exchangeVersion: ExchangeVersionInput;
  hasCaBundle: boolean;
  pinnedCertificateSha256: string | null;
  maxConcurrency: number;
}

/**
 * A connector as clients see it: everything but the ciphertext and its version, with its kind's
 * settings as fields of their own (cloud, azureTenantId, clientId for MICROSOFT_GRAPH; exchangeOnPrem for
 * EXCHANGE_ONPREM, the other kind's fields null).
 */
export type ConnectorView = Omit<ConnectorRow, 'credentialCiphertext' | 'credentialVersion' | 'settings'> & {
  cloud: AzureCloud | null;
  azureTenantId: string | null;
  clientId: string | null;
  exchangeOnPrem: ExchangeOnPremView | null;
  syncWindow: { pastDays: number; futureDays: number };
};

export function toConnectorView(row: ConnectorRow): ConnectorView {
  // Destructured away so no code path can hand the ciphertext to a response by accident.
  const { credentialCiphertext: _c, credentialVersion: _v, settings, ...rest } = row;
  const syncWindow = { pastDays: row.syncPastDays, futureDays: row.syncFutureDays };
  if (row.kind === 'EXCHANGE_ONPREM') {
    const ews = parseConnectorSettings('EXCHANGE_ONPREM', settings);
    return {
      ...rest,
      cloud: null,
      azureTenantId: null,
      clientId: null,
      exchangeOnPrem: {
        ewsUrl: currentEwsUrl(ews) ?? null,
        autodiscoverDomain: ews.autodiscoverDomain ?? null,
        username: ews.username,
        authentication: ews.authentication,
        exchangeVersion: exchangeVersionName(ews.requestServerVersion),
        hasCaBundle: ews.caBundlePem !== undefined,
        pinnedCertificateSha256: ews.pinnedCertificateSha256 ?? null,
        maxConcurrency: ews.maxConcurrency,
      },
      syncWindow,
    };
  }
  return {
    ...rest,
    ...parseConnectorSettings('MICROSOFT_GRAPH', settings),
    exchangeOnPrem: null,
    syncWindow,
  };
}
