/** What a fault does. Graph-side faults answer with Graph's error envelope; token-side ones with Entra's. */
export type FaultAction =
  /** An HTTP error (429, 500, 503, 504, ...) with the matching Graph or Entra body; Retry-After may be fractional. */
  | {
      type: 'status';
      status: number;
      retryAfterSeconds?: number | undefined;
      code?: string | undefined;
      /** '' gives the field's 504 UnknownError with an empty message. */
      message?: string | undefined;
      /** An empty text/plain body instead of JSON (field: 503s without a body). */
      emptyBody?: boolean | undefined;
    }
  /** Destroys the socket without a response (ECONNRESET on the client). */
  | { type: 'reset' }
  /** Delays the response; the request still runs normally. */
  | { type: 'latency'; ms: number }
  /** Sends the real body cut in half (Content-Length matches what is sent). */
  | { type: 'truncatedJson' }
  /** Sends a body that is not JSON. */
  | { type: 'malformedJson' }
  /** Next delta call answers 410 SyncStateNotFound (optionally with a Location header restarting the round). */
  | { type: 'syncStateNotFound'; location?: boolean | undefined }
  /** An initial delta call answers `value: []` with a nextLink of its own that leads to the real first page. */
  | { type: 'emptyFirstPage' }
  /** A delta page repeats the previous page of the same round in front of its own (not spent on a round's first page). */
  | { type: 'replayItems' }
  /** A delta page ignores odata.maxpagesize (like expanded series do) and returns `factor` times more items. */
  | { type: 'oversizedPage'; factor?: number | undefined }
  /** Token endpoint answers an Entra error, e.g. { status: 400, error: 'invalid_request', code: 90002 }. */
  | {
      type: 'tokenError';
      status: number;
      error: string;
      code: number;
      message?: string | undefined;
      retryAfterSeconds?: number | undefined;
    };

export type FaultType = FaultAction['type'];

/** Where and how often a fault applies. */
export interface FaultScope {
  /**
   * Route name (token, discovery, calendarView, delta, event, instances, places, user) or a path glob
   * such as `/v1.0/users/*\/calendarView/delta` (`*` = one segment, `**` = anything). Omitted = every route.
   */
  route?: string | undefined;
  /** Mailbox id or address (case-insensitive). Omitted = every mailbox. */
  mailbox?: string | undefined;
  /** Times the fault fires; default 1 unless probability is set (then unlimited). */
  count?: number | undefined;
  /** Chance in [0,1] that a matching request is affected. */
  probability?: number | undefined;
}

export type FaultSpec = FaultScope & FaultAction;
export type Fault = FaultSpec & { id: string; fired: number };
