import type { Redis } from 'ioredis';

/** A subscriber's notices, live; `return()` ends it and lets go of the tenant's channel when it was the last. */
export interface NoticeStream<N> extends AsyncIterableIterator<N> {
  return(): Promise<IteratorResult<N>>;
}

/**
 * Fans one family of per-tenant Redis channels (the change feed, the sync-run feed) out to this
 * process's subscribers. Each hub holds ONE subscriber connection and subscribes only to channels
 * of tenants that have a live subscriber here (reference-counted), so tenant B's stream is fed
 * solely from B's channel: A's notices never reach it, whatever a subscriber's filter says.
 */
export interface TenantChannelHub<N> {
  /** `accept` narrows what this subscriber hears (a mailbox filter); every notice of the tenant without it. */
  subscribe(tenantId: string, accept?: ((notice: N) => boolean) | null): Promise<NoticeStream<N>>;
  close(): Promise<void>;
}

/** Undelivered notices kept per subscriber; a slower client loses the oldest (at-most-once, like pub/sub). */
const MAX_BUFFERED = 1000;

export interface TenantChannelHubOptions {
  createSubscriber: () => Redis;
  /** A failed SUBSCRIBE is retried this often (and at every reconnect) until it holds. Default 1 s. */
  retryMs?: number | undefined;
  /** How long `subscribe` waits for Redis to confirm before returning a stream that goes live later. Default 3 s. */
  confirmWaitMs?: number | undefined;
  /** Told about SUBSCRIBE failures (the hub keeps retrying). */
  onSubscribeError?: ((tenantId: string, error: Error) => void) | undefined;
}

export interface TenantChannelFamily<N> {
  /** The tenant's channel; it must end with `:<tenantId>`, which is how a message finds its tenant. */
  channelOf(tenantId: string): string;
  /** The notices one published message carries; none when it is not a message of this family. */
  parse(raw: string): N[];
}

export function createTenantChannelHub<N>(
  family: TenantChannelFamily<N>,
  options: TenantChannelHubOptions,
): TenantChannelHub<N> {
  const retryMs = options.retryMs ?? 1_000;
  const confirmWaitMs = options.confirmWaitMs ?? 3_000;
  let connection: Redis | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const listeners = new Map<string, Set<(notices: N[]) => void>>();

  function subscriber(): Redis {
    if (connection) return connection;
    const created = options.createSubscriber();
    created.on('message', (channel: string, raw: string) => {
      const targets = listeners.get(channel.slice(channel.lastIndexOf(':') + 1));
      if (!targets) return;
      const notices = family.parse(raw);
      if (notices.length === 0) return;
      for (const deliver of targets) deliver(notices);
    });
    // ioredis re-subscribes on reconnect only to channels whose SUBSCRIBE once succeeded; a
    // SUBSCRIBE that failed during an outage is asserted again here, for every wanted tenant.
    created.on('ready', () => void ensureSubscribed([...listeners.keys()]));
    connection = created;
    return created;
  }

  /** SUBSCRIBE to each tenant's channel (idempotent); on failure retry until it holds or nobody listens. */
  async function ensureSubscribed(tenantIds: readonly string[]): Promise<void> {
    if (closed || tenantIds.length === 0) return;
    for (const tenantId of tenantIds) {
      try {
        await subscriber().subscribe(family.channelOf(tenantId));
      } catch (error) {
        options.onSubscribeError?.(tenantId, error as Error);
        retryTimer ??= setTimeout(() => {
          retryTimer = null;
          void ensureSubscribed([...listeners.keys()]);
        }, retryMs);
        retryTimer.unref();
      }
    }
  }

  async function release(tenantId: string, deliver: (notices: N[]) => void): Promise<void> {
    const set = listeners.get(tenantId);
    if (!set?.delete(deliver) || set.size > 0) return;
    listeners.delete(tenantId);
    await connection?.unsubscribe(family.channelOf(tenantId)).catch(() => undefined);
  }

  return {
    async subscribe(tenantId, accept) {
      const buffer: N[] = [];
      let waiting: ((result: IteratorResult<N>) => void) | null = null;
      let done = false;
      const deliver = (notices: N[]): void => {
        for (const notice of notices) {
          if (accept && !accept(notice)) continue;
          if (waiting) {
            const resolve = waiting;
            waiting = null;
            resolve({ value: notice, done: false });
          } else {
            buffer.push(notice);
            if (buffer.length > MAX_BUFFERED) buffer.shift();
          }
        }
      };
      const set = listeners.get(tenantId) ?? new Set();
      const first = set.size === 0;
      set.add(deliver);
      listeners.set(tenantId, set);
      // Resolve once Redis confirmed the subscription, so a notice published after the client's
      // subscription started cannot be missed. During an outage the stream is returned after
      // confirmWaitMs anyway and goes live when the retried SUBSCRIBE succeeds.
      if (first) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          ensureSubscribed([tenantId]),
          new Promise((resolve) => (timer = setTimeout(resolve, confirmWaitMs))),
        ]);
        clearTimeout(timer);
      }
      const finish = async (): Promise<IteratorResult<N>> => {
        if (!done) {
          done = true;
          waiting?.({ value: undefined, done: true });
          waiting = null;
          await release(tenantId, deliver);
        }
        return { value: undefined, done: true };
      };
      const stream: NoticeStream<N> = {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          if (buffer.length > 0) return Promise.resolve({ value: buffer.shift()!, done: false });
          return new Promise((resolve) => {
            waiting = resolve;
          });
        },
        return: finish,
        throw: async (error: unknown) => {
          await finish();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return stream;
        },
      };
      return stream;
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      listeners.clear();
      const open = connection;
      connection = null;
      if (open) open.disconnect();
      return Promise.resolve();
    },
  };
}

/** A mailbox filter as a set of lower-cased ids; null (every mailbox) when none is named. */
export function mailboxIdSet(mailboxIds: readonly string[] | null | undefined): Set<string> | null {
  return mailboxIds && mailboxIds.length > 0 ? new Set(mailboxIds.map((id) => id.toLowerCase())) : null;
}
