import { randomUUID } from 'node:crypto';
import type { EndpointClient } from './endpoint-client.ts';

/**
 * The validation handshake (docs/microsoft-graph.md §5.2): POST {url}?validationToken=… with a text/plain
 * body; the endpoint must answer 200, text/plain, the decoded token, within the timeout. The token has
 * spaces and colons like Graph's, so an endpoint echoing it still encoded fails.
 */
export async function validateEndpoint(
  client: EndpointClient,
  url: string,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; status: number | null }> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.append('validationToken', token);
  const res = await client.post(target.toString(), '', 'text/plain; charset=utf-8', timeoutMs);
  if (res === undefined) return { ok: false, status: null };
  const ok =
    res.status === 200 && res.contentType.toLowerCase().startsWith('text/plain') && res.text === token;
  return ok ? { ok: true } : { ok: false, status: res.status };
}
