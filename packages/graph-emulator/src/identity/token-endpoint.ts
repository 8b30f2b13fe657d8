import type { AppRegistration, Tenant } from '../directory/types.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { aadError } from './aad-error.ts';
import { GRAPH_AUDIENCE, GRAPH_APP_ID, issueAccessToken } from './issue-access-token.ts';
import { verifyClientAssertion } from './verify-assertion.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_RESOURCES = new Set([GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID]);

/** POST /{tenant}/oauth2/v2.0/token, client_credentials only (docs/microsoft-graph.md §1.1–1.4). */
export function handleTokenRequest(
  ctx: RequestContext,
  state: EmulatorState,
  tenantSegment: string,
): HttpResult {
  const now = state.clock.now();
  const form = new URLSearchParams(ctx.body.toString('utf8'));
  const fail = (
    status: number,
    error: string,
    code: number,
    message: string,
    extra?: Record<string, string>,
  ): HttpResult =>
    aadError({
      status,
      error,
      code,
      message,
      now,
      correlationId: form.get('client-request-id') ?? ctx.clientRequestId,
      extra,
    });

  if (['common', 'organizations', 'consumers'].includes(tenantSegment.toLowerCase())) {
    return fail(
      400,
      'invalid_request',
      9001023,
      "The grant type isn't supported over the /common or /consumers endpoints.",
    );
  }
  const tenant = state.directory.findTenant(tenantSegment);
  if (!tenant) return fail(400, 'invalid_tenant', 90002, tenantNotFoundMessage(tenantSegment));

  const basic = parseBasicAuth(ctx.req.headers.authorization);
  const grantType = form.get('grant_type');
  if (grantType === null) {
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }
  if (grantType !== 'client_credentials') {
    return fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId)
    return fail(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  ctx.appId = clientId;

  const app = state.directory.findApp(clientId);
  if (!app || app.tenantId !== tenant.id) {
    return fail(400, 'unauthorized_client', 700016, appNotFoundMessage(clientId, tenantSegment));
  }
  if (!app.enabled)
    return fail(
      400,
      'unauthorized_client',
      7000112,
      `Application '${app.clientId}'(${app.displayName}) is disabled.`,
    );

  // docs/microsoft-graph.md §9.9: an app registration without an enterprise app (service principal) in the tenant.
  if (!app.hasServicePrincipal) {
    return fail(
      401,
      'invalid_client',
      7000229,
      `The client application ${app.clientId} is missing service principal in the tenant ${tenant.id}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
  }

  const scopeFailure = checkScope(form.get('scope'));
  if (scopeFailure) return fail(400, scopeFailure.error, scopeFailure.code, scopeFailure.message);

  const credential = checkCredential({ form, basic, app, tenant, state, origin: ctx.origin });
  if (!credential.ok) return fail(401, 'invalid_client', credential.code, credential.message);
  // Conditional Access is evaluated after the client authenticated (docs/microsoft-graph.md §9.9). The only public body
  // of 53003 comes from a user flow (error interaction_required, suberror message_only); we reuse it.
  if (app.blockedByConditionalAccess) {
    return fail(
      400,
      'interaction_required',
      53003,
      'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
      { suberror: 'message_only' },
    );
  }

  return {
    status: 200,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    json: {
      token_type: 'Bearer',
      expires_in: state.tokenLifetimeSeconds,
      ext_expires_in: state.tokenLifetimeSeconds,
      access_token: issueAccessToken(state, app, credential.kind),
    },
  };
}

export function tenantNotFoundMessage(tenant: string): string {
  return `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`;
}

function appNotFoundMessage(clientId: string, tenant: string): string {
  return `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`;
}

function checkScope(scope: string | null): { error: string; code: number; message: string } | undefined {
  if (scope === null || scope.trim() === '') {
    return {
      error: 'invalid_request',
      code: 900144,
      message: "The request body must contain the following parameter: 'scope'.",
    };
  }
  const scopes = scope.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s));
  for (const s of scopes) {
    if (!s.endsWith('/.default')) {
      return {
        error: 'invalid_scope',
        code: 1002012,
        message: `The provided value for scope ${s} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      };
    }
  }
  const resources = new Set(scopes.map((s) => s.slice(0, -'/.default'.length)));
  if (resources.size > 1) {
    return {
      error: 'invalid_scope',
      code: 700022,
      message:
        'The provided value for the input parameter scope is not valid because it contains more than one resource.',
    };
  }
  const [resource] = [...resources];
  if (resource === undefined) {
    return {
      error: 'invalid_scope',
      code: 70011,
      message: `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.`,
    };
  }
  if (!GRAPH_RESOURCES.has(resource)) {
    return {
      error: 'invalid_resource',
      code: 500011,
      message: `The resource principal named ${resource} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    };
  }
  return undefined;
}

type CredentialResult =
  { ok: true; kind: 'secret' | 'certificate' } | { ok: false; code: number; message: string };

function checkCredential(input: {
  form: URLSearchParams;
  basic: { clientId: string; secret: string } | undefined;
  app: AppRegistration;
  tenant: Tenant;
  state: EmulatorState;
  origin: string;
}): CredentialResult {
  const { form, app, state } = input;
  const nowMs = state.clock.nowMs();
  const secret = form.get('client_secret') ?? input.basic?.secret;
  const assertion = form.get('client_assertion');
  if (secret !== undefined && secret !== null) {
    const match = app.secrets.find((s) => s.value === secret);
    if (!match) {
      return {
        ok: false,
        code: 7000215,
        message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      };
    }
    if (match.expiresAt !== null && Date.parse(match.expiresAt) <= nowMs) {
      return {
        ok: false,
        code: 7000222,
        message: `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      };
    }
    return { ok: true, kind: 'secret' };
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return { ok: false, code: 50027, message: `Invalid client_assertion_type. Expected '${JWT_BEARER}'.` };
    }
    const failure = verifyClientAssertion({
      assertion,
      app,
      tenant: input.tenant,
      origin: input.origin,
      nowMs,
    });
    return failure ? { ok: false, ...failure } : { ok: true, kind: 'certificate' };
  }
  return {
    ok: false,
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  };
}

function parseBasicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unescape = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { clientId: unescape(decoded.slice(0, i)), secret: unescape(decoded.slice(i + 1)) };
  } catch {
    return undefined;
  }
}
