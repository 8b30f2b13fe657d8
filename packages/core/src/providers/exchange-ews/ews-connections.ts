import { LRUCache } from 'lru-cache';
import { unsealConnector } from '../../connectors/connector-credential.ts';
import type { SecretBox } from '../../crypto/index.ts';
import type { Database } from '../../db/index.ts';
import type { ConnectorRef } from '../directory.ts';
import { parseConnectorSettings } from '../connector-settings.ts';
import { createEwsClient, type EwsClient } from './ews-client.ts';
import type { AutodiscoverOrigins } from './autodiscover/candidates.ts';
import { AutodiscoverError, discoverEwsUrl } from './autodiscover/discover-ews-url.ts';
import { forgetDiscoveredEwsUrl, storeDiscoveredEwsUrl } from './autodiscover/discovered-url-store.ts';
import { unreachableReason } from './classify-ews-error.ts';
import { currentEwsUrl, type ExchangeOnPremSettings } from './settings.ts';
import { createConcurrencyLimit, type ConcurrencyLimit } from './transport/concurrency-limit.ts';
import { createEwsTransport, EwsTransportError, type EwsTransport } from './transport/ews-transport.ts';

/** Exchange answers most calls in well under a second; a minute is its own batch cap (§1.1). */
export const DEFAULT_EWS_TIMEOUT_MS = 60_000;

export interface EwsConnectionDeps {
  db: Database;
  secretBox: SecretBox;
  timeoutMs?: number | undefined;
  /** Operator override of Autodiscover hosts (CALSYNC_EWS_AUTODISCOVER_ORIGINS); tests map to the emulator. */
  autodiscoverOrigins?: AutodiscoverOrigins | undefined;
}

/** A connector's signed-in EWS client, its settings and the credential version it was built for. */
export interface EwsConnection {
  client: EwsClient;
  settings: ExchangeOnPremSettings;
  /** The EWS URL the client calls: entered, or found by Autodiscover. */
  ewsUrl: string;
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

  function limitFor(settings: ExchangeOnPremSettings, ewsUrl: string): ConcurrencyLimit {
    const key = `${new URL(ewsUrl).origin}|${settings.username.toLowerCase()}`;
    let limit = limits.get(key);
    if (!limit) {
      limit = createConcurrencyLimit(settings.maxConcurrency);
      limits.set(key, limit);
    }
    return limit;
  }

  return {
    async for(connector) {
      const { tenantId, connectorId, sealedConnector } = connector;
      const sealed = await unsealConnector(deps, tenantId, connectorId, sealedConnector);
      if (sealed.kind !== 'EXCHANGE_ONPREM' || sealed.credential.kind !== 'PASSWORD')
        throw new Error(`connector ${connector.connectorId} is not an on-premises Exchange connector`);
      const settings = parseConnectorSettings('EXCHANGE_ONPREM', sealed.settings);
      const timeoutMs = deps.timeoutMs ?? DEFAULT_EWS_TIMEOUT_MS;
      let ewsUrl = currentEwsUrl(settings);
      if (ewsUrl === undefined && settings.autodiscoverDomain !== undefined) {
        ewsUrl = await discoverEwsUrl({
          domain: settings.autodiscoverDomain,
          username: settings.username,
          password: sealed.credential.password,
          authentication: settings.authentication,
          caBundlePem: settings.caBundlePem,
          pinnedCertificateSha256: settings.pinnedCertificateSha256,
          timeoutMs,
          origins: deps.autodiscoverOrigins,
        }).catch((error: unknown) => {
          if (error instanceof AutodiscoverError) error.credentialVersion = sealed.version;
          throw error;
        });
        await storeDiscoveredEwsUrl(deps.db, connector, ewsUrl);
      }
      if (ewsUrl === undefined) throw new Error(`connector ${connector.connectorId} has no EWS URL`);
      const key = `${connector.tenantId}:${connector.connectorId}:${sealed.version}:${ewsUrl}`;
      const cached = cache.get(key);
      if (cached) return cached.connection;
      const transport = createEwsTransport({
        ewsUrl,
        username: settings.username,
        password: sealed.credential.password,
        authentication: settings.authentication,
        caBundlePem: settings.caBundlePem,
        pinnedCertificateSha256: settings.pinnedCertificateSha256,
        connections: settings.maxConcurrency,
        timeoutMs,
      });
      const limit = limitFor(settings, ewsUrl);
      const discovered = settings.ewsUrl === undefined;
      const url = ewsUrl;
      // A discovered URL that stops answering (gone host, moved virtual directory) is forgotten, so the next
      // call discovers again; the failing call itself fails as usual and is retried by its job.
      const rediscoverOnFailure = async <T>(call: () => Promise<T>, status: (r: T) => number): Promise<T> => {
        try {
          const result = await call();
          if (discovered && status(result) === 404) await forget();
          return result;
        } catch (error) {
          if (discovered && error instanceof EwsTransportError && unreachableReason(error.problem))
            await forget();
          throw error;
        }
      };
      const forget = async (): Promise<void> => {
        cache.delete(key);
        await forgetDiscoveredEwsUrl(deps.db, connector, url);
      };
      const limited: EwsTransport = {
        ...transport,
        post: (xml) =>
          limit.run(() =>
            rediscoverOnFailure(
              () => transport.post(xml),
              (r) => r.status,
            ),
          ),
      };
      const connection = {
        client: createEwsClient(limited, settings.requestServerVersion),
        settings,
        ewsUrl,
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
