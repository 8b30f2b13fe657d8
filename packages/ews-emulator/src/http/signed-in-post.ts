import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from '@calsync/graph-emulator/request-log';
import { authenticate } from '../auth/authenticate.ts';
import type { EwsAccount } from '../directory/types.ts';
import type { EwsEmulatorState } from '../state.ts';

/** A logged POST whose caller signed in: what an endpoint needs to answer it. */
export interface SignedInPost {
  account: EwsAccount;
  entry: RequestLogEntry;
  /** Answers without a body (an injected HTTP status). */
  sendEmpty(status: number): void;
  /** Answers a SOAP or POX document. */
  sendXml(status: number, xml: string): void;
  /** Closes the log entry without answering (the socket was reset). */
  finish(status: number | null): void;
}

/**
 * The front of every endpoint on Exchange's IIS site (EWS and Autodiscover share it): log the request,
 * sign the caller in (401 with the challenges otherwise) and accept POST only (405 otherwise). Returns
 * null when it has already answered.
 */
export function acceptSignedInPost(
  req: IncomingMessage,
  res: ServerResponse,
  state: EwsEmulatorState,
  log: { route: string; mailbox: string | null },
): SignedInPost | null {
  const entry = state.requestLog.start({
    method: req.method ?? 'POST',
    path: new URL(req.url ?? '/', 'https://emulator').pathname,
    url: req.url ?? '/',
    route: log.route,
    appId: null,
    mailbox: log.mailbox,
    requestId: randomUUID(),
    startedAt: state.clock.now().toISOString(),
  });
  const headers: Record<string, string> = { 'request-id': entry.requestId, 'x-feserver': state.serverName };
  const finish = (status: number | null): void => {
    entry.status = status;
    entry.endedAt = state.clock.now().toISOString();
  };
  const sendEmpty = (status: number, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...headers, ...extra, 'content-length': '0' });
    res.end();
    finish(status);
  };

  const auth = authenticate(req, state);
  if (!auth.ok) {
    res.setHeader('WWW-Authenticate', auth.challenges);
    sendEmpty(401);
    return null;
  }
  entry.appId = auth.account.samAccountName;
  if ((req.method ?? '').toUpperCase() !== 'POST') {
    sendEmpty(405, { allow: 'POST' });
    return null;
  }
  return {
    account: auth.account,
    entry,
    sendEmpty: (status) => sendEmpty(status),
    sendXml(status, xml) {
      const buffer = Buffer.from(xml, 'utf8');
      res.writeHead(status, {
        ...headers,
        'content-type': 'text/xml; charset=utf-8',
        'content-length': String(buffer.length),
      });
      res.end(buffer);
      finish(status);
    },
    finish,
  };
}
