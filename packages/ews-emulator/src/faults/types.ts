/** Fault injection of the EWS emulator: what can go wrong between calsync and an Exchange server. */
export type EwsFaultAction =
  /** HTTP 500 SOAP fault ErrorServerBusy with BackOffMilliseconds (docs/exchange-ews.md §6). */
  | { type: 'serverBusy'; backOffMs: number }
  /** HTTP 200 whose response message carries ErrorServerBusy + BackOffMilliseconds. */
  | { type: 'serverBusyMessage'; backOffMs: number }
  /** Per-message ErrorTimeoutExpired. */
  | { type: 'timeout' }
  /** A bare HTTP status (503 from IIS queueing, 500 HTML, …) with an empty body. */
  | { type: 'status'; status: number }
  /** Holds the response back. */
  | { type: 'latency'; ms: number }
  /** Destroys the socket (ECONNRESET). */
  | { type: 'reset' };

export interface EwsFaultScope {
  /** Operation name (FindItem, GetItem, SyncFolderItems…); any when omitted. */
  operation?: string | undefined;
  /** Addressed mailbox; any when omitted. */
  mailbox?: string | undefined;
  /** How many requests it hits; default 1. */
  count?: number | undefined;
}

export type EwsFaultSpec = EwsFaultScope & EwsFaultAction;
export type EwsFault = EwsFaultSpec & { id: number; remaining: number };
