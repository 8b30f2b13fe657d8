import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.ts';
import { decodeItemId } from '../mailbox-data/item-ids.ts';
import { dispatchOperation, messageError } from '../operations/dispatch.ts';
import { fault, type OperationResult } from '../operations/context.ts';
import { parseSoapRequest } from '../soap/parse-request.ts';
import { renderFault } from '../soap/render-response.ts';
import type { EwsEmulatorState } from '../state.ts';

export const EWS_PATH = '/ews/exchange.asmx';

/** The mailbox a request is about, before running it: first explicit address or first item id (fault scope). */
function addressedMailbox(xml: string): string | undefined {
  const address = /<(?:[\w-]+:)?EmailAddress>([^<]+)</.exec(xml)?.[1];
  if (address) return address.trim().toLowerCase();
  const itemId = /<(?:[\w-]+:)?ItemId\s+Id="([^"]+)"/.exec(xml)?.[1];
  return itemId === undefined ? undefined : decodeItemId(itemId)?.mailbox;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * POST /EWS/Exchange.asmx: authentication, then the SOAP operation, with injected faults and the per-account
 * concurrency limit in between. Every request is logged (operation, account, mailbox, status).
 */
export async function handleEwsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  state: EwsEmulatorState,
): Promise<void> {
  const xml = body.toString('utf8');
  const parsed = parseSoapRequest(xml);
  const operation = parsed.ok ? parsed.request.operation : 'unknown';
  let mailbox = addressedMailbox(xml);
  const entry = state.requestLog.start({
    method: req.method ?? 'POST',
    path: new URL(req.url ?? '/', 'https://emulator').pathname,
    url: req.url ?? '/',
    route: operation,
    appId: null,
    mailbox: mailbox ?? null,
    requestId: randomUUID(),
    startedAt: state.clock.now().toISOString(),
  });
  const headers: Record<string, string> = { 'request-id': entry.requestId, 'x-feserver': state.serverName };
  const finish = (status: number | null): void => {
    entry.status = status;
    entry.mailbox = mailbox ?? null;
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

  const injected = state.faults.take(operation, mailbox);
  if (injected?.type === 'reset') {
    finish(null);
    req.socket.destroy();
    return;
  }
  if (injected?.type === 'status') {
    res.writeHead(injected.status, { ...headers, 'content-length': '0' });
    res.end();
    finish(injected.status);
    return;
  }
  const accountKey = auth.account.samAccountName.toLowerCase();
  const open = (state.inFlight.get(accountKey) ?? 0) + 1;
  state.inFlight.set(accountKey, open);
  try {
    // Latency holds a concurrency slot, as a slow Exchange does.
    if (injected?.type === 'latency') await sleep(injected.ms);
    let result: OperationResult;
    if (!parsed.ok) {
      result = fault({
        code: 'ErrorSchemaValidation',
        message: `The request failed schema validation: ${parsed.reason}.`,
      });
    } else if (open > state.options.maxConcurrency) {
      result = messageError(
        operation,
        'ErrorExceededConnectionCount',
        'You have exceeded the maximum number of concurrent connections for your account.',
      );
    } else if (injected?.type === 'serverBusy') {
      result = fault({
        code: 'ErrorServerBusy',
        message: 'The server cannot service this request right now. Try again later.',
        values: { BackOffMilliseconds: injected.backOffMs },
      });
    } else if (injected?.type === 'serverBusyMessage') {
      result = messageError(
        operation,
        'ErrorServerBusy',
        'The server cannot service this request right now. Try again later.',
        {
          BackOffMilliseconds: injected.backOffMs,
        },
      );
    } else if (injected?.type === 'timeout') {
      result = messageError(operation, 'ErrorTimeoutExpired', 'The request timed out.');
    } else {
      result = dispatchOperation(parsed.request, auth.account, state, (address) => {
        mailbox ??= address.toLowerCase();
      });
    }
    const status = result.kind === 'fault' ? 500 : 200;
    const text = result.kind === 'fault' ? renderFault(result.error) : result.xml;
    const buffer = Buffer.from(text, 'utf8');
    res.writeHead(status, {
      ...headers,
      'content-type': 'text/xml; charset=utf-8',
      'content-length': String(buffer.length),
    });
    res.end(buffer);
    finish(status);
  } finally {
    state.inFlight.set(accountKey, (state.inFlight.get(accountKey) ?? 1) - 1);
  }
}
