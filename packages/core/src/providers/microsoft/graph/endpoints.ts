/** Sovereign cloud a connector's directory lives in; picks the authority and Graph hosts. */
export type AzureCloud = 'GLOBAL' | 'US_GOV' | 'US_GOV_DOD' | 'CHINA';

export const AZURE_CLOUDS: readonly AzureCloud[] = ['GLOBAL', 'US_GOV', 'US_GOV_DOD', 'CHINA'];

export interface ResolvedEndpoints {
  /** https origin of the Microsoft identity platform, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** Graph origin without version; callers append `/v1.0`. */
  graphBaseUrl: string;
  /** Client-credentials scope: the Graph resource of the cloud plus `/.default`. */
  graphScope: string;
}

export interface EndpointOverrides {
  authorityHost?: string | undefined;
  graphBaseUrl?: string | undefined;
}

/**
 * Well-known national cloud hosts.
 * @see https://learn.microsoft.com/graph/deployments
 */
const CLOUD_ENDPOINTS: Readonly<Record<AzureCloud, ResolvedEndpoints>> = {
  GLOBAL: {
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  US_GOV: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
    graphScope: 'https://graph.microsoft.us/.default',
  },
  US_GOV_DOD: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
    graphScope: 'https://dod-graph.microsoft.us/.default',
  },
  CHINA: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
};

/**
 * Endpoints for a cloud. Overrides come from operator configuration only (the
 * emulator), never from a tenant: a tenant-supplied host would receive the
 * tenant's secret and turn calsync into an SSRF proxy. The scope is not
 * overridden because it names the Graph *resource* the token is for, which
 * the emulator mimics (aud https://graph.microsoft.com).
 */
export function resolveEndpoints(cloud: AzureCloud, overrides: EndpointOverrides = {}): ResolvedEndpoints {
  const base = CLOUD_ENDPOINTS[cloud];
  return {
    authorityHost: overrides.authorityHost
      ? toHttpsOrigin(overrides.authorityHost, 'authorityHost')
      : base.authorityHost,
    graphBaseUrl: overrides.graphBaseUrl
      ? toHttpsOrigin(overrides.graphBaseUrl, 'graphBaseUrl')
      : base.graphBaseUrl,
    graphScope: base.graphScope,
  };
}

function toHttpsOrigin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} override is not a URL`);
  }
  // msal-node refuses non-https authorities, and a bearer token must never travel in clear text.
  if (url.protocol !== 'https:') throw new Error(`${name} override must use https`);
  return url.origin;
}
