import type { Redis } from 'ioredis';
import { eventChangeChannel, parseEventChangeMessage } from '../sync/change-feed.ts';

/** One change as a GraphQL subscriber sees it (the event itself is read when resolved). */
export interface EventChangeNotice {
  kind: 'UPSERTED' | 'DELETED';
  mailboxId: string;
  eventId: string;
}

export interface EventChangeStream extends AsyncIterableIterator<EventChangeNotice> {
  return(): Promise<IteratorResult<EventChangeNotice>>;
}

/**
 * Fans the sync engine's Redis publications out to this process's subscribers. Each
 * process holds ONE subscriber connection and subscribes only to channels of tenants that
 * have a live subscriber here (reference-counted), so tenant B's stream is fed solely from
 * B's channel: A's changes never reach it, whatever the mailbox filter says.
 */
export interface EventChangeHub {
  subscribe(tenantId: string, mailboxIds?: readonly string[] | null): Promise<EventChangeStream>;
  close(): Promise<void>;
}

/** Undelivered notices kept per subscriber; a slower client loses the oldest (at-most-once, like the feed). */
const MAX_BUFFERED = 1000;

export interface EventChangeHubOptions {
  createSubscriber: () => Redis;
  /** The deployment's Redis key prefix (CALSYNC_QUEUE_PREFIX): the channel the worker publishes on. */
  keyPrefix: string;
  /** A failed SUBSCRIBE is retried this often (and at every reconnect) until it holds. Default 1 s. */
  retryMs?: number | undefined;
  /** How long `subscribe` waits for Redis to confirm before returning a stream that goes live later. Default 3 s. */
  confirmWaitMs?: number | undefined;
  /** Told about SUBSCRIBE failures (the hub keeps retrying). */
  onSubscribeError?: ((tenantId: string, error: Error) => void) | undefined;
}

export function createEventChangeHub(options: EventChangeHubOptions): EventChangeHub {
  const retryMs = options.retryMs ?? 1_000;
  const confirmWaitMs = options.confirmWaitMs ?? 3_000;
  let connection: Redis | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const listeners = new Map<string, Set<(notices: EventChangeNotice[]) => void>>();

  function subscriber(): Redis {
    if (connection) return connection;
    const created = options.createSubscriber();
    created.on('message', (channel: string, raw: string) => {
      const tenantId = channel.slice(channel.lastIndexOf(':') + 1);
      const message = parseEventChangeMessage(raw);
      const targets = listeners.get(tenantId);
      if (!message || !targets) return;
      const notices: EventChangeNotice[] = [
        ...message.upserted.map((eventId) => ({
          kind: 'UPSERTED' as const,
          mailboxId: message.mailboxId,
          eventId,
        })),
        ...message.deleted.map((eventId) => ({
          kind: 'DELETED' as const,
          mailboxId: message.mailboxId,
          eventId,
        })),
      ];
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
        await subscriber().subscribe(eventChangeChannel(options.keyPrefix, tenantId));
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

  async function release(tenantId: string, deliver: (notices: EventChangeNotice[]) => void): Promise<void> {
    const set = listeners.get(tenantId);
    if (!set?.delete(deliver) || set.size > 0) return;
    listeners.delete(tenantId);
    await connection?.unsubscribe(eventChangeChannel(options.keyPrefix, tenantId)).catch(() => undefined);
  }

  return {
    async subscribe(tenantId, mailboxIds) {
      const wanted =
        mailboxIds && mailboxIds.length > 0 ? new Set(mailboxIds.map((id) => id.toLowerCase())) : null;
      const buffer: EventChangeNotice[] = [];
      let waiting: ((result: IteratorResult<EventChangeNotice>) => void) | null = null;
      let done = false;
      const deliver = (notices: EventChangeNotice[]): void => {
        for (const notice of notices) {
          if (wanted && !wanted.has(notice.mailboxId.toLowerCase())) continue;
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
      // Resolve once Redis confirmed the subscription, so a change published after the client's
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
      const finish = async (): Promise<IteratorResult<EventChangeNotice>> => {
        if (!done) {
          done = true;
          waiting?.({ value: undefined, done: true });
          waiting = null;
          await release(tenantId, deliver);
        }
        return { value: undefined, done: true };
      };
      const stream: EventChangeStream = {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          const queued = buffer.shift();
          if (queued) return Promise.resolve({ value: queued, done: false });
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
