import { resolveEndpoints, type EndpointOverrides } from '../graph/endpoints.ts';
import { createGraphClient, type GraphClient } from '../graph/graph-http.ts';
import type { ConnectorCredential, TokenProvider } from '../identity/token-provider.ts';

export interface ConnectorGraphClientOptions {
  /** Whole-request budget; default the Graph client's (30 s). */
  timeoutMs?: number | undefined;
}

export type CreateGraphClientFor = (
  credential: ConnectorCredential,
  options?: ConnectorGraphClientOptions,
) => GraphClient;

/**
 * Graph clients for connector credentials. The Graph host comes from the connector's cloud,
 * overridden only by operator configuration (the emulator); the bearer token from the shared
 * token provider, cached per connector credential version.
 */
export function createGraphClientFactory(deps: {
  tokenProvider: TokenProvider;
  overrides: EndpointOverrides;
  fetchImpl?: typeof fetch | undefined;
}): CreateGraphClientFor {
  return (credential, options = {}) =>
    createGraphClient({
      baseUrl: resolveEndpoints(credential.cloud, deps.overrides).graphBaseUrl,
      getAccessToken: async () => (await deps.tokenProvider.getToken(credential)).accessToken,
      fetchImpl: deps.fetchImpl,
      timeoutMs: options.timeoutMs,
      userAgent: 'calsync',
    });
}
