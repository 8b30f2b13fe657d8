import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers; the server pipeline writes it (and may corrupt it when a fault says so). */
export interface HttpResult {
  status: number;
  headers?: Record<string, string> | undefined;
  json?: unknown;
  text?: string | undefined;
}

/** Per-request data shared by the identity, Graph and control handlers. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Path without query, percent-decoding left to the routes. */
  path: string;
  body: Buffer;
  requestId: string;
  clientRequestId: string | undefined;
  /** https://host:port of this server, used to build links. */
  origin: string;
  /** Filled in by handlers for the request log. */
  appId: string | undefined;
  mailboxId: string | undefined;
  route: string;
  /** Sequence number of this request's request-log entry (unset for control calls). */
  logSeq?: number | undefined;
  /** Set by a truncatedJson/malformedJson fault: the response body is corrupted on write. */
  bodyFault?: 'truncatedJson' | 'malformedJson' | undefined;
  /** Called once the response is finished or the socket closed (throttle slots). */
  onDone: Array<() => void>;
}
