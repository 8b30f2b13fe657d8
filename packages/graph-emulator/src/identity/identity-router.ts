import { applyPreFaults } from '../faults/apply-faults.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { aadError } from './aad-error.ts';
import { handleInstanceDiscovery, handleJwks, handleOpenIdConfiguration } from './discovery.ts';
import { handleTokenRequest } from './token-endpoint.ts';

type IdentityRoute =
  | { name: 'token'; tenant: string }
  | { name: 'discovery'; kind: 'openid'; tenant: string }
  | { name: 'discovery'; kind: 'instance' }
  | { name: 'discovery'; kind: 'jwks' };

function matchIdentityRoute(method: string, path: string): IdentityRoute | undefined {
  const segs = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const lower = segs.map((s) => s.toLowerCase()).join('/');
  const tenant = segs[0] ?? '';
  const rest = lower.slice(tenant.length + 1);
  if (method === 'POST' && rest === 'oauth2/v2.0/token') return { name: 'token', tenant };
  if (method !== 'GET') return undefined;
  if (lower === 'common/discovery/instance') return { name: 'discovery', kind: 'instance' };
  if (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration') {
    return { name: 'discovery', kind: 'openid', tenant };
  }
  if (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys' || lower === 'discovery/v2.0/keys') {
    return { name: 'discovery', kind: 'jwks' };
  }
  return undefined;
}

/** Entra endpoints; undefined when the path is not one of them. */
export async function handleIdentity(
  ctx: RequestContext,
  state: EmulatorState,
): Promise<HttpResult | 'reset' | undefined> {
  const route = matchIdentityRoute(ctx.method, ctx.path);
  if (!route) return undefined;
  ctx.route = route.name;
  const now = (): Date => state.clock.now();
  const pre = await applyPreFaults(
    ctx,
    state,
    { route: route.name, path: ctx.path, mailboxKeys: [] },
    (status, retryAfter, code, message) =>
      aadError({
        status,
        error: status === 429 || status >= 500 ? 'temporarily_unavailable' : 'invalid_request',
        code: code !== undefined && /^\d+$/.test(code) ? Number(code) : status === 429 ? 50196 : 90006,
        message:
          message ??
          (status === 429
            ? 'The server is temporarily unable to handle the request.'
            : 'The service is temporarily unavailable.'),
        now: now(),
        headers: retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) },
      }),
    (f) =>
      aadError({
        status: f.status,
        error: f.error,
        code: f.code,
        message: f.message ?? `Injected error ${f.code}.`,
        now: now(),
        headers:
          f.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(f.retryAfterSeconds) },
      }),
  );
  if (pre.kind === 'reset') return 'reset';
  if (pre.kind === 'respond') return pre.result;
  switch (route.name) {
    case 'token':
      return handleTokenRequest(ctx, state, route.tenant);
    case 'discovery':
      if (route.kind === 'openid') return handleOpenIdConfiguration(ctx, state, route.tenant);
      if (route.kind === 'instance') return handleInstanceDiscovery(ctx);
      return handleJwks(state);
  }
}
