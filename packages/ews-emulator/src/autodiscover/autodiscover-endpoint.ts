import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptSignedInPost } from '../http/signed-in-post.ts';
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
  const post = acceptSignedInPost(req, res, state, { route: 'Autodiscover', mailbox: null });
  if (!post) return;
  post.sendXml(
    200,
    answerAutodiscover(body.toString('utf8'), post.account, state, req.headers.host ?? 'localhost'),
  );
}
