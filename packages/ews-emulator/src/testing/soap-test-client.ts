import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { createType1Message, createType3Message, parseType2Message } from 'httpntlm/ntlm.js';

export interface SoapResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Each WWW-Authenticate header on its own (Node joins repeated ones in `headers`). */
  challenges: string[];
  text: string;
}

export interface SoapTestClient {
  /** POSTs a SOAP body, doing the NTLM handshake on the (single, kept-alive) socket when needed. */
  send(xml: string, extraHeaders?: Record<string, string>): Promise<SoapResponse>;
  /** POSTs exactly what it is given, no handshake (to probe challenges and Basic). */
  raw(xml: string, headers: Record<string, string>): Promise<SoapResponse>;
  close(): void;
}

/**
 * A third-party NTLM implementation (httpntlm) over one keep-alive socket, the way IIS needs it: the emulator's
 * NTLM verification is checked against code it does not share.
 */
export function createSoapTestClient(input: {
  ewsUrl: string;
  caCertPem: string;
  user: string;
  password: string;
  domain?: string | undefined;
}): SoapTestClient {
  const agent = new Agent({ ca: input.caCertPem, keepAlive: true, maxSockets: 1 });
  let authenticated = false;
  const options = {
    username: input.user,
    password: input.password,
    domain: input.domain ?? '',
    workstation: 'CALSYNC',
  };

  function raw(xml: string, headers: Record<string, string>): Promise<SoapResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        input.ewsUrl,
        { method: 'POST', agent, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              challenges: res.rawHeaders.filter(
                (_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'www-authenticate',
              ),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(xml);
    });
  }

  async function handshake(xml: string, extra: Record<string, string>): Promise<SoapResponse> {
    const challenge = await raw(xml, { ...extra, authorization: createType1Message(options) });
    const header = challenge.challenges.find((h) => h.startsWith('NTLM '));
    if (challenge.status !== 401 || header === undefined) return challenge;
    const type2 = parseType2Message(header, (error) => {
      throw error;
    });
    if (!type2) return challenge;
    return raw(xml, { ...extra, authorization: createType3Message(type2, options) });
  }

  return {
    async send(xml, extra = {}) {
      if (authenticated) {
        const res = await raw(xml, extra);
        if (res.status !== 401) return res;
        authenticated = false;
      }
      const res = await handshake(xml, extra);
      authenticated = res.status !== 401;
      return res;
    },
    raw,
    close: () => agent.destroy(),
  };
}
