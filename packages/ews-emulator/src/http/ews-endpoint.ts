import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeItemId } from '../mailbox-data/item-ids.ts';
import { dispatchOperation, messageError } from '../operations/dispatch.ts';
import { fault, type OperationResult } from '../operations/context.ts';
import { parseSoapRequest } from '../soap/parse-request.ts';
import { renderFault } from '../soap/render-response.ts';
import type { EwsEmulatorState } from '../state.ts';
import { acceptSignedInPost } from './signed-in-post.ts';

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
  const post = acceptSignedInPost(req, res, state, { route: operation, mailbox: mailbox ?? null });
  if (!post) return;

  const injected = state.faults.take(operation, mailbox);
  if (injected?.type === 'reset') {
    post.finish(null);
    req.socket.destroy();
    return;
  }
  if (injected?.type === 'status') {
    post.sendEmpty(injected.status);
    return;
  }
  const accountKey = post.account.samAccountName.toLowerCase();
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
      result = dispatchOperation(parsed.request, post.account, state, (address) => {
        mailbox ??= address.toLowerCase();
      });
    }
    // The operation may have named the mailbox only as it ran (a folder id, a delegate's address).
    post.entry.mailbox = mailbox ?? null;
    if (result.kind === 'fault') post.sendXml(500, renderFault(result.error));
    else post.sendXml(200, result.xml);
  } finally {
    state.inFlight.set(accountKey, (state.inFlight.get(accountKey) ?? 1) - 1);
  }
}
