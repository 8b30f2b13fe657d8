import { resolveEndpoints, type EndpointOverrides } from './graph/endpoints.ts';
import { createGraphClient, type GraphClient } from './graph/graph-http.ts';
import type { GraphFetch } from './graph/graph-fetch.ts';
import { DeadlineExceededError, withDeadline } from '../../connectors/with-deadline.ts';
import { TokenAcquisitionError } from './identity/token-acquisition-error.ts';
import type { AppToken, ConnectorCredential, TokenProvider } from './identity/token-provider.ts';

/** Default bound on one token request: msal's own POST can hang for about 300 s. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

export interface ConnectorGraphClientOptions {
  /** Whole-request budget; default the Graph client's (30 s). */
  timeoutMs?: number | undefined;
}

/** A Graph client that can also replace its connector's token (after Graph rejects it with a 401). */
export interface ConnectorGraphClient extends GraphClient {
  /** Acquires a new token past msal's cache; the client's following requests use it. */
  refreshAccessToken(): Promise<void>;
}

export type CreateGraphClientFor = (
  credential: ConnectorCredential,
  options?: ConnectorGraphClientOptions,
) => ConnectorGraphClient;

/**
 * Graph clients for connector credentials. The Graph host comes from the connector's cloud,
 * overridden only by operator configuration (the emulator); the bearer token from the shared
 * token provider, cached per connector credential version.
 */
export function createGraphClientFactory(deps: {
  tokenProvider: TokenProvider;
  overrides: EndpointOverrides;
  fetchImpl?: GraphFetch | undefined;
  /** Longest wait for a token; then the request fails as a `timeout` token failure. */
  tokenTimeoutMs?: number | undefined;
}): CreateGraphClientFor {
  const tokenTimeoutMs = deps.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  async function token(credential: ConnectorCredential, forceRefresh: boolean): Promise<AppToken> {
    try {
      return await withDeadline(deps.tokenProvider.getToken(credential, { forceRefresh }), tokenTimeoutMs);
    } catch (err) {
      if (err instanceof DeadlineExceededError) throw new TokenAcquisitionError({ kind: 'timeout' });
      throw err;
    }
  }
  return (credential, options = {}) => {
    const client = createGraphClient({
      baseUrl: resolveEndpoints(credential.cloud, deps.overrides).graphBaseUrl,
      getAccessToken: async () => (await token(credential, false)).accessToken,
      fetchImpl: deps.fetchImpl,
      timeoutMs: options.timeoutMs,
      userAgent: 'calsync',
    });
    // msal keeps the forced token in its cache, so getAccessToken above returns it from now on.
    return Object.assign(client, {
      refreshAccessToken: async () => {
        await token(credential, true);
      },
    });
  };
}
