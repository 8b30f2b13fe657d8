import { createEwsTransport, EwsTransportError } from '../transport/ews-transport.ts';
import { autodiscoverCandidates, type AutodiscoverOrigins } from './candidates.ts';
import { autodiscoverRequest, parseAutodiscoverResponse } from './pox.ts';

export interface AutodiscoverInput {
  domain: string;
  username: string;
  password: string;
  authentication: 'NTLM' | 'BASIC';
  caBundlePem?: string | undefined;
  pinnedCertificateSha256?: string | undefined;
  timeoutMs: number;
  origins?: AutodiscoverOrigins | undefined;
}

/** One candidate URL and why it gave no EWS URL (no credentials, no response bodies). */
export interface AutodiscoverAttempt {
  url: string;
  outcome: string;
}

/** No candidate answered with an EWS URL; `attempts` says what each one did, in order. */
export class AutodiscoverError extends Error {
  /** The connector credential version it was tried with (set by the connection that ran it). */
  credentialVersion = 0;

  constructor(
    readonly domain: string,
    readonly attempts: AutodiscoverAttempt[],
  ) {
    super(
      `Autodiscover for ${domain} found no EWS URL: ` +
        attempts.map((a) => `${a.url} → ${a.outcome}`).join('; '),
    );
    this.name = 'AutodiscoverError';
  }
}

/**
 * The address Autodiscover is asked about: the monitor's UPN, or `user@domain` for a `DOMAIN\user` sign-in
 * (Exchange answers for any mailbox of the organisation; the monitor has one, set-up guide step 1).
 */
export function autodiscoverEmail(username: string, domain: string): string {
  if (username.includes('@')) return username;
  return `${username.slice(username.indexOf('\\') + 1)}@${domain}`;
}

/**
 * POX Autodiscover over the candidates in Microsoft's order, signed in as the monitor exactly like EWS
 * (NTLM or Basic, the connector's CA bundle or pin). Redirects — HTTP 3xx or Autodiscover's redirectAddr /
 * redirectUrl — are not followed: a redirect to another host could collect the monitor's credentials.
 */
export async function discoverEwsUrl(input: AutodiscoverInput): Promise<string> {
  const attempts: AutodiscoverAttempt[] = [];
  const body = autodiscoverRequest(autodiscoverEmail(input.username, input.domain));
  for (const url of autodiscoverCandidates(input.domain, input.origins)) {
    const transport = createEwsTransport({
      ewsUrl: url,
      username: input.username,
      password: input.password,
      authentication: input.authentication,
      caBundlePem: input.caBundlePem,
      pinnedCertificateSha256: input.pinnedCertificateSha256,
      connections: 1,
      timeoutMs: input.timeoutMs,
    });
    try {
      const res = await transport.post(body);
      if (res.status !== 200) {
        attempts.push({ url, outcome: `HTTP ${res.status}` });
        continue;
      }
      const answer = parseAutodiscoverResponse(res.text);
      if (answer.kind === 'ewsUrl') return answer.url;
      attempts.push({
        url,
        outcome: answer.kind === 'redirect' ? `redirect to ${answer.to} (not followed)` : answer.message,
      });
    } catch (error) {
      if (!(error instanceof EwsTransportError)) throw error;
      attempts.push({ url, outcome: `${error.problem.code}: ${error.problem.message}` });
    } finally {
      transport.close();
    }
  }
  throw new AutodiscoverError(input.domain, attempts);
}
