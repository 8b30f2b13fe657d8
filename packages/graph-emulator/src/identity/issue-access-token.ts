import { randomBytes, randomUUID } from 'node:crypto';
import type { AppRegistration } from '../directory/types.ts';
import type { EmulatorState } from '../state.ts';
import { signJwtRs256 } from './jwt.ts';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Mints a v1-format app-only Graph token (docs/microsoft-graph.md §1.6). No `roles` claim when nothing is consented. */
export function issueAccessToken(
  state: EmulatorState,
  app: AppRegistration,
  credential: 'secret' | 'certificate',
): string {
  const iat = Math.floor(state.clock.nowMs() / 1000);
  const opaque = (): string => randomBytes(16).toString('base64url');
  const claims: Record<string, unknown> = {
    aud: GRAPH_AUDIENCE,
    iss: `https://sts.windows.net/${app.tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + state.tokenLifetimeSeconds,
    aio: opaque(),
    app_displayname: app.displayName,
    appid: app.clientId,
    appidacr: credential === 'secret' ? '1' : '2',
    idp: `https://sts.windows.net/${app.tenantId}/`,
    idtyp: 'app',
    oid: app.servicePrincipalId,
    rh: opaque(),
    sub: app.servicePrincipalId,
    tid: app.tenantId,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
  };
  if (app.roles.length > 0) claims.roles = [...app.roles];
  const { kid } = state.signingKey;
  return signJwtRs256(
    { typ: 'JWT', nonce: opaque(), alg: 'RS256', x5t: kid, kid },
    claims,
    state.signingKey.privateKey,
  );
}
