import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface FakeApp {
  tenantId: string;
  clientId: string;
  secret?: string | undefined;
  roles?: string[] | undefined;
}

export interface FakeRequest {
  method: 'GET' | 'POST';
  url: string;
  form: URLSearchParams;
}

/**
 * In-memory identity platform behind msal's network seam: answers OpenID
 * discovery and the token endpoint the way Entra does (docs/microsoft-graph.md §1.2–1.4),
 * so unit tests exercise msal's real request building, caching and errors.
 */
export function createFakeAuthority(
  apps: FakeApp[],
  fault?: { status: number; retryAfter?: string; body: object },
) {
  const requests: FakeRequest[] = [];

  function respond<T>(
    status: number,
    body: object,
    headers: Record<string, string> = {},
  ): NetworkResponse<T> {
    return { status, body: body as T, headers: { 'content-type': 'application/json', ...headers } };
  }

  function tokenError(status: number, error: string, code: number, description: string): object {
    return {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      trace_id: 't',
      correlation_id: 'c',
      status,
    };
  }

  const networkClient: INetworkModule = {
    sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
      requests.push({ method: 'GET', url, form: new URLSearchParams() });
      const match = /^(https:\/\/[^/]+)\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url);
      if (!match) return Promise.resolve(respond<T>(404, {}));
      const [, origin, tenant] = match;
      if (!apps.some((a) => a.tenantId === tenant)) {
        return Promise.resolve(
          respond<T>(400, tokenError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`)),
        );
      }
      return Promise.resolve(
        respond<T>(200, {
          token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
          issuer: `${origin}/${tenant}/v2.0`,
          jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        }),
      );
    },
    sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      const form = new URLSearchParams(options?.body ?? '');
      requests.push({ method: 'POST', url, form });
      if (fault)
        return Promise.resolve(
          respond<T>(fault.status, fault.body, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        );
      const tenant = /^https:\/\/[^/]+\/([^/]+)\/oauth2\/v2\.0\/token(?:\?.*)?$/.exec(url)?.[1];
      const app = apps.find((a) => a.tenantId === tenant && a.clientId === form.get('client_id'));
      if (!apps.some((a) => a.tenantId === tenant))
        return Promise.resolve(
          respond<T>(400, tokenError(400, 'invalid_tenant', 90002, 'Tenant not found.')),
        );
      if (!app)
        return Promise.resolve(
          respond<T>(400, tokenError(400, 'unauthorized_client', 700016, 'Application not found.')),
        );
      const assertion = form.get('client_assertion');
      if (app.secret !== undefined && form.get('client_secret') !== app.secret && !assertion) {
        return Promise.resolve(
          respond<T>(401, tokenError(401, 'invalid_client', 7000215, 'Invalid client secret provided.')),
        );
      }
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        aud: 'https://graph.microsoft.com',
        tid: tenant,
        exp: now + 3600,
        ...(app.roles ? { roles: app.roles } : {}),
      };
      const jwt = ['{"alg":"none"}', JSON.stringify(payload), '']
        .map((p) => Buffer.from(p).toString('base64url'))
        .join('.');
      return Promise.resolve(respond<T>(200, { token_type: 'Bearer', expires_in: 3599, access_token: jwt }));
    },
  };

  return { networkClient, requests };
}
