import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { badInput } from '../errors/index.ts';
import { classifyAddress, isAllowedAddress } from './address-policy.ts';

export interface DestinationPolicy {
  /** CALSYNC_WEBHOOK_ALLOW_PRIVATE: http and private/loopback destinations (development and tests). */
  allowPrivate: boolean;
  /** Name resolution; tests give their own. Default: the system resolver. */
  resolve?: ((hostname: string) => Promise<{ address: string; family: number }[]>) | undefined;
}

/** Where a delivery connects: the URL and the one checked address the connection is pinned to. */
export interface Destination {
  url: URL;
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 2_048;

const systemResolve = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks a webhook URL and resolves it (docs/change-feed.md, "SSRF defence"): https only (http
 * too when private destinations are allowed), no credentials in the URL, and every address the
 * name resolves to must be allowed — a name with one public and one internal address is refused,
 * so DNS answers cannot be raced. Runs at create/update and again before every delivery, whose
 * connection then uses the address checked here. Refusals are BAD_USER_INPUT on `url`.
 */
export async function resolveDestination(raw: string, policy: DestinationPolicy): Promise<Destination> {
  if (raw.length > MAX_URL_LENGTH) throw badInput('url', `must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('url', 'is not an absolute URL');
  }
  const schemes = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw badInput('url', 'must use https');
  if (url.username || url.password) throw badInput('url', 'must not contain credentials');
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(hostname);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(hostname);
    } catch {
      throw badInput('url', 'its host name does not resolve', { reason: 'unresolvable' });
    }
  }
  const [first] = addresses;
  if (!first) throw badInput('url', 'its host name does not resolve', { reason: 'unresolvable' });
  for (const { address } of addresses) {
    const cls = classifyAddress(address);
    if (!isAllowedAddress(cls, policy.allowPrivate)) {
      throw badInput('url', `resolves to a ${cls} address, which webhooks may not reach`, { reason: cls });
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
