import {
  ConfidentialClientApplication,
  LogLevel,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import { resolveEndpoints, type AzureCloud } from '../graph/endpoints.ts';
import { classifyTokenError } from './classify-token-error.ts';
import { TokenAcquisitionError } from './token-acquisition-error.ts';

interface CredentialBase {
  connectorId: string;
  /** Bumped on every credential change: a new version gets a new msal client (rotation without restart). */
  version: number;
  cloud: AzureCloud;
  azureTenantId: string;
  clientId: string;
}

export type ConnectorCredential = CredentialBase &
  (
    | { kind: 'CLIENT_SECRET'; clientSecret: string }
    | { kind: 'CERTIFICATE'; privateKeyPem: string; certificatePem: string; thumbprintSha256: string }
  );

export interface AppToken {
  accessToken: string;
  expiresOn: Date;
  /** Application permissions granted to the app (`roles` claim); empty when admin consent is missing. */
  roles: string[];
  tenantId?: string | undefined;
}

export interface TokenProviderLogger {
  warn(obj: object, msg: string): void;
}

export interface TokenProviderOptions {
  /** Operator-level authority origin (the emulator); tenants never supply one. */
  authorityHostOverride?: string | undefined;
  /** Connector credential versions kept warm. Default 500. */
  maxClients?: number | undefined;
  logger?: TokenProviderLogger | undefined;
  /** msal network module, e.g. one that trusts a test CA. */
  networkClient?: INetworkModule | undefined;
  /** The clock (tests). */
  now?: (() => number) | undefined;
}

interface HeldToken {
  token: AppToken;
  /** When msal would renew it: the provider asks msal again from then on. */
  until: number;
}

/** msal-node renews a cached token this long before it expires (its tokenRenewalOffsetSeconds, 300). */
const MSAL_RENEWAL_OFFSET_MS = 300_000;

export interface GetTokenOptions {
  /** Ask the authority for a new token even if msal holds one (Graph rejected the cached one with a 401). */
  forceRefresh?: boolean | undefined;
}

export interface TokenProvider {
  getToken(cred: ConnectorCredential, options?: GetTokenOptions): Promise<AppToken>;
  /** Drop every cached client and its tokens. */
  clear(): void;
}

/**
 * App-only tokens (client credentials) per connector, through msal-node.
 * One ConfidentialClientApplication per (connector, credential version) in a
 * bounded LRU; msal's in-memory cache serves the token until 5 minutes
 * before expiry.
 */
export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  // Per (connector, credential version): its msal client and the last token it handed out. Every
  // Graph request asks for its token, and msal's cache lookup plus decoding the token's claims cost
  // more than the rest of an unchanged mailbox's request does, so the decoded token is held until
  // msal itself would renew it (docs/scaling.md, Workers).
  const clients = new LRUCache<string, { app: ConfidentialClientApplication; held?: HeldToken }>({
    max: options.maxClients ?? 500,
  });
  const now = options.now ?? Date.now;

  function clientFor(cred: ConnectorCredential): { app: ConfidentialClientApplication; held?: HeldToken } {
    const key = `${cred.connectorId}:${cred.version}`;
    let client = clients.get(key);
    if (!client) {
      client = { app: new ConfidentialClientApplication(buildMsalConfig(cred, options)) };
      clients.set(key, client);
    }
    return client;
  }

  async function getToken(cred: ConnectorCredential, request: GetTokenOptions = {}): Promise<AppToken> {
    const client = clientFor(cred);
    const held = request.forceRefresh ? undefined : client.held;
    if (held && now() < held.until) return held.token;
    const { graphScope } = resolveEndpoints(cred.cloud, { authorityHost: options.authorityHostOverride });
    let result;
    try {
      result = await client.app.acquireTokenByClientCredential({
        scopes: [graphScope],
        // msal stores the new token over the cached one, so later plain calls get it too.
        ...(request.forceRefresh ? { skipCache: true } : {}),
      });
    } catch (err) {
      const failure = classifyTokenError(err);
      options.logger?.warn(
        {
          connectorId: cred.connectorId,
          kind: failure.kind,
          aadstsCode: failure.aadstsCode,
          msalErrorCode: failure.msalErrorCode,
        },
        'token acquisition failed',
      );
      throw failure;
    }
    if (!result?.accessToken)
      throw new TokenAcquisitionError({ kind: 'unknown', msalErrorCode: 'empty_result' });
    const claims = decodeJwtPayload(result.accessToken);
    const expiresOn =
      result.expiresOn ?? (typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : new Date());
    const tenantId = result.tenantId || (typeof claims.tid === 'string' ? claims.tid : undefined);
    const token = { accessToken: result.accessToken, expiresOn, roles: readRoles(claims), tenantId };
    const until = Math.min(
      expiresOn.getTime() - MSAL_RENEWAL_OFFSET_MS,
      result.refreshOn?.getTime() ?? Infinity,
    );
    client.held = { token, until };
    return token;
  }

  return { getToken, clear: () => clients.clear() };
}

function buildMsalConfig(cred: ConnectorCredential, options: TokenProviderOptions): Configuration {
  const { authorityHost } = resolveEndpoints(cred.cloud, { authorityHost: options.authorityHostOverride });
  const credential =
    cred.kind === 'CLIENT_SECRET'
      ? { clientSecret: cred.clientSecret }
      : {
          clientCertificate: {
            thumbprintSha256: cred.thumbprintSha256,
            privateKey: cred.privateKeyPem,
            x5c: cred.certificatePem,
          },
        };
  const logger = options.logger;
  return {
    auth: {
      clientId: cred.clientId,
      authority: `${authorityHost}/${encodeURIComponent(cred.azureTenantId)}`,
      ...credential,
      // Real clouds use msal's built-in metadata. For an override, without knownAuthorities msal asks
      // login.microsoftonline.com to validate the host (fails offline); without authorityMetadata it
      // fetches OpenID discovery first, and an unknown tenant then surfaces as an opaque
      // endpoints_resolution_error instead of AADSTS90002 from the token endpoint.
      ...(options.authorityHostOverride ? overrideMetadata(authorityHost, cred.azureTenantId) : {}),
    },
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        // Errors only: msal warns "No client info in response" on every client-credentials
        // token (app-only responses never carry client_info), which would drown real signals.
        logLevel: LogLevel.Error,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii && level <= LogLevel.Error)
            logger?.warn({ connectorId: cred.connectorId, source: 'msal' }, message);
        },
      },
    },
  };
}

function overrideMetadata(
  authorityHost: string,
  tenant: string,
): { knownAuthorities: string[]; authorityMetadata: string } {
  const base = `${authorityHost}/${encodeURIComponent(tenant)}`;
  return {
    knownAuthorities: [new URL(authorityHost).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    }),
  };
}

/** Payload of a JWT without verification: it came from the authority over TLS and Graph verifies it. */
function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readRoles(claims: Record<string, unknown>): string[] {
  const roles = claims.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}
