import type { HttpResult, RequestContext } from '../http/types.ts';
import { decodeJwt, verifyJwtSignature } from '../identity/jwt.ts';
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from '../identity/issue-access-token.ts';
import type { EmulatorState } from '../state.ts';
import { graphError } from './graph-error.ts';

/** Who is calling Graph, from a verified access token. */
export interface GraphCaller {
  appId: string;
  tenantId: string;
  roles: string[];
}

const WWW_AUTHENTICATE = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;
const AUDIENCES = new Set([GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID]);

/** Signature checks cost ~50µs; remembering verified tokens keeps the emulator out of benchmark profiles. */
const VERIFIED_CACHE_LIMIT = 2_000;

export function createTokenVerifier(
  state: EmulatorState,
): (ctx: RequestContext) => { ok: true; caller: GraphCaller } | { ok: false; result: HttpResult } {
  const verified = new Map<string, { caller: GraphCaller; exp: number; nbf: number }>();
  return (ctx) => {
    const now = state.clock.now();
    const unauthorized = (message: string): { ok: false; result: HttpResult } => ({
      ok: false,
      result: graphError(ctx, now, 401, 'InvalidAuthenticationToken', message, {
        'www-authenticate': WWW_AUTHENTICATE,
      }),
    });
    const header = ctx.req.headers.authorization;
    if (!header || !/^bearer\s+/i.test(header)) return unauthorized('Access token is empty.');
    const token = header.replace(/^bearer\s+/i, '').trim();
    if (token === '') return unauthorized('Access token is empty.');

    let entry = verified.get(token);
    if (!entry) {
      const jwt = decodeJwt(token);
      if (!jwt) return unauthorized('CompactToken parsing failed with error code: 80049217');
      if (jwt.header.kid !== state.signingKey.kid || !verifyJwtSignature(jwt, state.signingKey.publicKey)) {
        return unauthorized('Access token validation failure.');
      }
      const c = jwt.claims;
      if (!AUDIENCES.has(String(c.aud)))
        return unauthorized('Access token validation failure. Invalid audience.');
      if (typeof c.appid !== 'string' || typeof c.tid !== 'string' || typeof c.exp !== 'number') {
        return unauthorized('Access token validation failure.');
      }
      const roles = Array.isArray(c.roles) ? c.roles.filter((r): r is string => typeof r === 'string') : [];
      entry = {
        caller: { appId: c.appid, tenantId: c.tid, roles },
        exp: c.exp,
        nbf: typeof c.nbf === 'number' ? c.nbf : 0,
      };
      if (verified.size >= VERIFIED_CACHE_LIMIT) verified.clear();
      verified.set(token, entry);
    }
    const nowSec = now.getTime() / 1000;
    if (nowSec >= entry.exp || nowSec < entry.nbf)
      return unauthorized('Access token has expired or is not yet valid.');
    ctx.appId = entry.caller.appId;
    return { ok: true, caller: entry.caller };
  };
}
