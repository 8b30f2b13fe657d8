import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.ts';
import type { EwsEmulatorState } from '../state.ts';
import { answerAutodiscover } from './pox-autodiscover.ts';

/**
 * POST /autodiscover/autodiscover.xml, signed in like EWS (NTLM or Basic on the same IIS site). Logged in the
 * request log as route `Autodiscover`, so tests can see which candidate URLs a client tried.
 */
export function handleAutodiscoverRequest(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  state: EwsEmulatorState,
): void {
  const entry = state.requestLog.start({
    method: req.method ?? 'POST',
    path: new URL(req.url ?? '/', 'https://emulator').pathname,
    url: req.url ?? '/',
    route: 'Autodiscover',
    appId: null,
    mailbox: null,
    requestId: randomUUID(),
    startedAt: state.clock.now().toISOString(),
  });
  const headers: Record<string, string> = { 'request-id': entry.requestId, 'x-feserver': state.serverName };
  const finish = (status: number): void => {
    entry.status = status;
    entry.endedAt = state.clock.now().toISOString();
  };
  const auth = authenticate(req, state);
  if (!auth.ok) {
    res.setHeader('WWW-Authenticate', auth.challenges);
    res.writeHead(401, { ...headers, 'content-length': '0' });
    res.end();
    finish(401);
    return;
  }
  entry.appId = auth.account.samAccountName;
  if ((req.method ?? '').toUpperCase() !== 'POST') {
    res.writeHead(405, { ...headers, allow: 'POST', 'content-length': '0' });
    res.end();
    finish(405);
    return;
  }
  const buffer = Buffer.from(
    answerAutodiscover(body.toString('utf8'), auth.account, state, req.headers.host ?? 'localhost'),
    'utf8',
  );
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/xml; charset=utf-8',
    'content-length': String(buffer.length),
  });
  res.end(buffer);
  finish(200);
}
