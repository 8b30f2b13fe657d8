import type { RequestContext, HttpResult } from './types.ts';

/** Writes a handler result with the Graph correlation headers, corrupting the body if a fault asked for it. */
export function writeResult(ctx: RequestContext, result: HttpResult): void {
  const headers: Record<string, string> = {
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId ?? ctx.requestId,
    'x-ms-ags-diagnostic':
      '{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"calsync-emulator"}}',
    'strict-transport-security': 'max-age=31536000',
    ...lowerKeys(result.headers ?? {}),
  };
  let body: string;
  if (result.json !== undefined) {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    body = JSON.stringify(result.json);
  } else {
    body = result.text ?? '';
    if (body !== '') headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  if (ctx.bodyFault === 'truncatedJson') body = body.slice(0, Math.floor(body.length / 2));
  if (ctx.bodyFault === 'malformedJson')
    body = `${body.slice(0, Math.floor(body.length / 3))}<html>upstream error</html>{"`;
  const buf = Buffer.from(body, 'utf8');
  headers['content-length'] = String(buf.length);
  ctx.res.writeHead(result.status, headers);
  ctx.res.end(buf);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
