import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { EwsAccount } from '../directory/types.ts';
import type { EwsEmulatorState } from '../state.ts';
import { ntlmMessageType, readAuthenticateMessage, writeChallengeMessage } from './ntlm-messages.ts';
import { verifyNtlmV2 } from './ntlm-verify.ts';

export type AuthOutcome =
  | { ok: true; account: EwsAccount }
  /** 401 with these WWW-Authenticate values (one header each, like IIS). */
  | { ok: false; challenges: string[] };

interface SocketAuth {
  /** Server challenge of a Type 2 sent on this socket, waiting for the Type 3. */
  pendingChallenge?: Buffer | undefined;
  /** IIS keeps NTLM per connection: later requests on the socket need no Authorization header. */
  account?: string | undefined;
}

const sockets = new WeakMap<Socket, SocketAuth>();

function socketAuth(socket: Socket): SocketAuth {
  let auth = sockets.get(socket);
  if (!auth) {
    auth = {};
    sockets.set(socket, auth);
  }
  return auth;
}

function initialChallenges(state: EwsEmulatorState): string[] {
  const list = state.options.ntlmAuth ? ['Negotiate', 'NTLM'] : [];
  if (state.options.basicAuth)
    list.push(`Basic realm="${state.serverName.toLowerCase()}.${state.directory.dnsDomain}"`);
  return list;
}

/**
 * EWS authentication as IIS does it in front of Exchange (docs/exchange-ews.md §1.3): Windows authentication
 * (NTLM, also wrapped in Negotiate) bound to the TCP connection, Basic only when enabled. A locked-out account
 * or a wrong password is a 401 again, never a SOAP response.
 */
export function authenticate(req: IncomingMessage, state: EwsEmulatorState): AuthOutcome {
  const auth = socketAuth(req.socket);
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const credentials = space < 0 ? '' : header.slice(space + 1).trim();
  const fail = (): AuthOutcome => ({ ok: false, challenges: initialChallenges(state) });

  if (header === '') {
    const account = auth.account === undefined ? undefined : state.directory.findAccount(auth.account);
    return account && !account.lockedOut ? { ok: true, account } : fail();
  }
  if (scheme === 'basic') {
    if (!state.options.basicAuth) return fail();
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const account = colon < 0 ? undefined : state.directory.findAccount(decoded.slice(0, colon));
    if (!account || account.lockedOut || account.password !== decoded.slice(colon + 1)) return fail();
    return { ok: true, account };
  }
  if ((scheme === 'ntlm' || scheme === 'negotiate') && state.options.ntlmAuth) {
    const token = Buffer.from(credentials, 'base64');
    const type = ntlmMessageType(token);
    if (type === 1) {
      const challenge = randomBytes(8);
      auth.pendingChallenge = challenge;
      auth.account = undefined;
      const message = writeChallengeMessage({
        challenge,
        netbiosDomain: state.directory.netbiosDomain,
        netbiosComputer: state.serverName,
        dnsDomain: state.directory.dnsDomain,
        dnsComputer: `${state.serverName.toLowerCase()}.${state.directory.dnsDomain}`,
        nowMs: state.clock.nowMs(),
      });
      return {
        ok: false,
        challenges: [`${scheme === 'ntlm' ? 'NTLM' : 'Negotiate'} ${message.toString('base64')}`],
      };
    }
    if (type === 3) {
      const challenge = auth.pendingChallenge;
      auth.pendingChallenge = undefined;
      const message = readAuthenticateMessage(token);
      // A Type 3 on another connection than its Type 2 has no challenge to answer: like IIS, start over.
      if (!challenge || !message) return fail();
      const account = state.directory.findAccount(message.user, message.domain);
      if (!account || account.lockedOut) return fail();
      const valid = verifyNtlmV2({
        password: account.password,
        user: message.user,
        domain: message.domain,
        serverChallenge: challenge,
        ntChallengeResponse: message.ntChallengeResponse,
      });
      if (!valid) return fail();
      auth.account = account.samAccountName;
      return { ok: true, account };
    }
  }
  return fail();
}
