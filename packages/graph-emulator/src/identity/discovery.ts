import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { aadError } from './aad-error.ts';
import { tenantNotFoundMessage } from './token-endpoint.ts';

/** GET /{tenant}/v2.0/.well-known/openid-configuration; unknown tenants get 90002 here too (docs/microsoft-graph.md §1.4). */
export function handleOpenIdConfiguration(
  ctx: RequestContext,
  state: EmulatorState,
  tenantSegment: string,
): HttpResult {
  const tenant = state.directory.findTenant(tenantSegment);
  const special = ['common', 'organizations', 'consumers'].includes(tenantSegment.toLowerCase());
  if (!tenant && !special) {
    return aadError({
      status: 400,
      error: 'invalid_tenant',
      code: 90002,
      message: tenantNotFoundMessage(tenantSegment),
      now: state.clock.now(),
    });
  }
  const t = tenant ? tenant.id : tenantSegment;
  const base = `${ctx.origin}/${t}`;
  return {
    status: 200,
    headers: { 'cache-control': 'max-age=86400, private' },
    json: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${ctx.origin}/${tenant ? tenant.id : '{tenantid}'}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: tenant ? 'EU' : null,
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(ctx.origin).host,
      rbac_url: 'https://pas.windows.net',
    },
  };
}

/** GET /common/discovery/instance: lists this host so msal trusts it as an authority (docs/microsoft-graph.md §1.5). */
export function handleInstanceDiscovery(ctx: RequestContext): HttpResult {
  const host = new URL(ctx.origin).host;
  const authorize = ctx.url.searchParams.get('authorization_endpoint');
  let tenant = 'common';
  if (authorize) {
    try {
      tenant = new URL(authorize).pathname.split('/').filter(Boolean)[0] ?? 'common';
    } catch {
      // keep common
    }
  }
  return {
    status: 200,
    json: {
      tenant_discovery_endpoint: `${ctx.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

/** GET /{tenant}/discovery/v2.0/keys */
export function handleJwks(state: EmulatorState): HttpResult {
  return { status: 200, json: { keys: [state.signingKey.jwk] } };
}
