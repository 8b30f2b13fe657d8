import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { problem, type EwsProblem } from '../ews-problem.ts';
import { authenticateMessage, negotiateMessage, ntlmIdentity, readChallengeMessage } from './ntlm.ts';

export interface EwsTransportOptions {
  ewsUrl: string;
  username: string;
  password: string;
  authentication: 'NTLM' | 'BASIC';
  caBundlePem?: string | undefined;
  /** SHA-256 fingerprint of the server certificate; replaces chain validation (internal CAs). */
  pinnedCertificateSha256?: string | undefined;
  /** Kept-alive connections, each signed in once (NTLM authenticates the connection, §1.3). */
  connections: number;
  timeoutMs: number;
}

export interface EwsHttpResponse {
  status: number;
  text: string;
}

/** A request that got no HTTP answer (DNS, TCP, TLS, timeout, reset): carries a transport problem. */
export class EwsTransportError extends Error {
  constructor(readonly problem: EwsProblem) {
    super(problem.message);
    this.name = 'EwsTransportError';
  }
}

export interface EwsTransport {
  /** POSTs one SOAP envelope, signing the connection in when the server asks; 401 = credentials refused. */
  post(xml: string): Promise<EwsHttpResponse>;
  /** Requests sent (handshake legs included), for run statistics. */
  requestCount(): number;
  close(): void;
}

interface Connection {
  agent: Agent;
  authenticated: boolean;
  busy: boolean;
}

const normalisePin = (pin: string): string => pin.replace(/:/g, '').toUpperCase();

/**
 * SOAP over node:https with a pool of single-socket keep-alive agents: NTLM's Type 1 → Type 2 → Type 3 must
 * stay on one TCP connection and then holds for that connection, which a shared pool cannot promise.
 * Basic sends its header on every request. Credentials never appear in errors (docs/exchange-ews.md §1.3, §8).
 */
export function createEwsTransport(options: EwsTransportOptions): EwsTransport {
  const url = new URL(options.ewsUrl);
  const pin = options.pinnedCertificateSha256 ? normalisePin(options.pinnedCertificateSha256) : undefined;
  const identity = ntlmIdentity(options.username, options.password);
  const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  const checkedSockets = new WeakSet<TLSSocket>();
  const signedOutOnClose = new WeakSet<object>();
  const connections: Connection[] = Array.from({ length: Math.max(1, options.connections) }, () => ({
    agent: new Agent({
      keepAlive: true,
      maxSockets: 1,
      ...(options.caBundlePem ? { ca: options.caBundlePem } : {}),
      // A pinned certificate is the trust decision: the chain (often an internal CA) is not validated.
      ...(pin ? { rejectUnauthorized: false } : {}),
    }),
    authenticated: false,
    busy: false,
  }));
  const idle: (() => void)[] = [];
  let requests = 0;

  function verifyPin(socket: TLSSocket): void {
    if (!pin || checkedSockets.has(socket)) return;
    const check = (): void => {
      checkedSockets.add(socket);
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      if (!fingerprint || normalisePin(fingerprint) !== pin) {
        const error = Object.assign(
          new Error('the server certificate does not match the pinned fingerprint'),
          {
            code: 'CERT_PIN_MISMATCH',
          },
        );
        socket.destroy(error);
      }
    };
    if (Object.keys(socket.getPeerCertificate()).length > 0) check();
    else socket.once('secureConnect', check);
  }

  function send(
    connection: Connection,
    body: string,
    authorization: string | undefined,
  ): Promise<{ status: number; text: string; challenges: string[] }> {
    requests += 1;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: connection.agent,
          headers: {
            'Content-Type': 'text/xml; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
            ...(authorization ? { Authorization: authorization } : {}),
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              challenges: wwwAuthenticate(res.rawHeaders),
            }),
          );
        },
      );
      req.on('socket', (socket) => {
        verifyPin(socket as TLSSocket);
        // A closed connection is signed out: the next request on this agent opens a fresh one.
        if (!signedOutOnClose.has(socket)) {
          signedOutOnClose.add(socket);
          socket.once('close', () => {
            connection.authenticated = false;
          });
        }
      });
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        ),
      );
      req.on('error', (error: Error & { code?: string }) =>
        reject(new EwsTransportError(problem('transport', error.code ?? 'ECONNRESET', error.message))),
      );
      req.end(body);
    });
  }

  async function ntlm(connection: Connection, xml: string): Promise<EwsHttpResponse> {
    if (connection.authenticated) {
      const res = await send(connection, xml, undefined);
      if (res.status !== 401) return res;
      connection.authenticated = false;
    }
    // Type 1 without a body: the server answers 401 with the challenge for this connection.
    const negotiate = await send(connection, '', `NTLM ${negotiateMessage()}`);
    const token = negotiate.challenges.find((c) => /^NTLM\s+\S/i.test(c))?.replace(/^NTLM\s+/i, '');
    const challenge = token === undefined ? undefined : readChallengeMessage(token);
    if (negotiate.status !== 401 || !challenge) return negotiate;
    const res = await send(connection, xml, `NTLM ${authenticateMessage(challenge, identity)}`);
    connection.authenticated = res.status !== 401;
    return res;
  }

  async function withConnection<T>(task: (connection: Connection) => Promise<T>): Promise<T> {
    let connection = connections.find((c) => !c.busy);
    while (!connection) {
      await new Promise<void>((resolve) => idle.push(resolve));
      connection = connections.find((c) => !c.busy);
    }
    connection.busy = true;
    try {
      return await task(connection);
    } finally {
      connection.busy = false;
      idle.shift()?.();
    }
  }

  return {
    post: (xml) =>
      withConnection(async (connection) => {
        if (options.authentication === 'BASIC') {
          const { status, text } = await send(connection, xml, basic);
          return { status, text };
        }
        const { status, text } = await ntlm(connection, xml);
        return { status, text };
      }),
    requestCount: () => requests,
    close() {
      for (const connection of connections) connection.agent.destroy();
    },
  };
}

/** Each WWW-Authenticate value on its own (Node joins repeated headers in `headers`). */
function wwwAuthenticate(rawHeaders: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]?.toLowerCase() === 'www-authenticate') values.push(rawHeaders[i + 1] ?? '');
  return values;
}
