import { LRUCache } from 'lru-cache';
import { unsealConnector } from '../../connectors/connector-credential.ts';
import type { SecretBox } from '../../crypto/index.ts';
import type { Database } from '../../db/index.ts';
import type { ConnectorRef } from '../directory.ts';
import { parseConnectorSettings } from '../connector-settings.ts';
import { createEwsClient, type EwsClient } from './ews-client.ts';
import type { ExchangeOnPremSettings } from './settings.ts';
import { createConcurrencyLimit, type ConcurrencyLimit } from './transport/concurrency-limit.ts';
import { createEwsTransport, type EwsTransport } from './transport/ews-transport.ts';

/** Exchange answers most calls in well under a second; a minute is its own batch cap (§1.1). */
export const DEFAULT_EWS_TIMEOUT_MS = 60_000;

export interface EwsConnectionDeps {
  db: Database;
  secretBox: SecretBox;
  timeoutMs?: number | undefined;
}

/** A connector's signed-in EWS client, its settings and the credential version it was built for. */
export interface EwsConnection {
  client: EwsClient;
  settings: ExchangeOnPremSettings;
  version: number;
}

export interface EwsConnections {
  for(connector: ConnectorRef): Promise<EwsConnection>;
  close(): void;
}

/**
 * One transport per connector and credential version, so its kept-alive connections stay signed in across
 * jobs and a rotated password (new version) is used by the next call without a restart. Calls of every
 * connector signing in as the same account on the same server share one concurrency limit (§6.3).
 */
export function createEwsConnections(deps: EwsConnectionDeps): EwsConnections {
  const limits = new Map<string, ConcurrencyLimit>();
  const cache = new LRUCache<string, { connection: EwsConnection; transport: EwsTransport }>({
    max: 500,
    dispose: (entry) => entry.transport.close(),
  });
  const latestKey = new Map<string, string>();

  function limitFor(settings: ExchangeOnPremSettings): ConcurrencyLimit {
    const key = `${new URL(settings.ewsUrl).origin}|${settings.username.toLowerCase()}`;
    let limit = limits.get(key);
    if (!limit) {
      limit = createConcurrencyLimit(settings.maxConcurrency);
      limits.set(key, limit);
    }
    return limit;
  }

  return {
    async for(connector) {
      const sealed = await unsealConnector(deps, connector.tenantId, connector.connectorId);
      if (sealed.kind !== 'EXCHANGE_ONPREM' || sealed.credential.kind !== 'PASSWORD')
        throw new Error(`connector ${connector.connectorId} is not an on-premises Exchange connector`);
      const key = `${connector.tenantId}:${connector.connectorId}:${sealed.version}`;
      const cached = cache.get(key);
      if (cached) return cached.connection;
      const settings = parseConnectorSettings('EXCHANGE_ONPREM', sealed.settings);
      const transport = createEwsTransport({
        ewsUrl: settings.ewsUrl,
        username: settings.username,
        password: sealed.credential.password,
        authentication: settings.authentication,
        caBundlePem: settings.caBundlePem,
        pinnedCertificateSha256: settings.pinnedCertificateSha256,
        connections: settings.maxConcurrency,
        timeoutMs: deps.timeoutMs ?? DEFAULT_EWS_TIMEOUT_MS,
      });
      const limit = limitFor(settings);
      const limited: EwsTransport = { ...transport, post: (xml) => limit.run(() => transport.post(xml)) };
      const connection = {
        client: createEwsClient(limited, settings.requestServerVersion),
        settings,
        version: sealed.version,
      };
      // The previous version's sockets are signed in with the old password: close them now.
      const previous = latestKey.get(`${connector.tenantId}:${connector.connectorId}`);
      if (previous !== undefined && previous !== key) cache.delete(previous);
      latestKey.set(`${connector.tenantId}:${connector.connectorId}`, key);
      cache.set(key, { connection, transport });
      return connection;
    },
    close() {
      cache.clear();
    },
  };
}
