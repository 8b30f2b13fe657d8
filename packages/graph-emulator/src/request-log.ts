/** One handled request, as tests see it (Retry-After compliance, concurrency, token cache hits). */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string. */
  url: string;
  route: string;
  appId: string | null;
  mailbox: string | null;
  requestId: string;
  startedAt: string;
  endedAt: string | null;
  status: number | null;
  /** For an item of a $batch: the batch's own entry and the item's id (items are logged as entries of their own). */
  batch?: { seq: number; itemId: string } | undefined;
}

export interface RequestLogQuery {
  route?: string | undefined;
  appId?: string | undefined;
  mailbox?: string | undefined;
  method?: string | undefined;
  /** Only entries with seq greater than this. */
  afterSeq?: number | undefined;
  /** Also list the items of $batch requests (default: only requests that went over the wire). */
  includeBatchItems?: boolean | undefined;
}

export interface RequestLog {
  start(entry: Omit<RequestLogEntry, 'seq' | 'endedAt' | 'status'>): RequestLogEntry;
  query(q?: RequestLogQuery): RequestLogEntry[];
  clear(): void;
}

/** Bounded in memory so a long-running demo emulator does not grow without limit. */
export function createRequestLog(capacity = 100_000): RequestLog {
  let entries: RequestLogEntry[] = [];
  let seq = 0;
  return {
    start(partial) {
      seq += 1;
      const entry: RequestLogEntry = { ...partial, seq, endedAt: null, status: null };
      entries.push(entry);
      if (entries.length > capacity) entries = entries.slice(entries.length - Math.floor(capacity / 2));
      return entry;
    },
    query(q = {}) {
      return entries.filter(
        (e) =>
          (q.route === undefined || e.route === q.route) &&
          (q.appId === undefined || e.appId?.toLowerCase() === q.appId.toLowerCase()) &&
          (q.mailbox === undefined || e.mailbox?.toLowerCase() === q.mailbox.toLowerCase()) &&
          (q.method === undefined || e.method === q.method.toUpperCase()) &&
          (q.afterSeq === undefined || e.seq > q.afterSeq) &&
          (q.includeBatchItems === true || e.batch === undefined),
      );
    },
    clear() {
      entries = [];
    },
  };
}
