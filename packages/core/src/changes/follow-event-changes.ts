import type { Database } from '../db/index.ts';
import type { EventChangeHub } from '../live/index.ts';
import { decodeChangeCursor } from './change-cursor.ts';
import { readEventChanges, type EventChangeEntry } from './read-event-changes.ts';

export interface FollowEventChangesOptions {
  db: Database;
  hub: EventChangeHub;
  tenantId: string;
  /** Read on after this change-log cursor. */
  fromCursor: string;
  mailboxIds?: readonly string[] | null | undefined;
  /** The log is re-read this often without a notice too: pub/sub may drop one. Default 5 s. */
  pollMs?: number | undefined;
  /** Changes read per query. Default 100. */
  pageSize?: number | undefined;
}

export interface EventChangeFollower extends AsyncIterableIterator<EventChangeEntry> {
  return(): Promise<IteratorResult<EventChangeEntry>>;
}

/**
 * Replay, then live, from the change log alone (docs/change-feed.md): live notices only wake
 * the reader, which then reads the log after the last change it gave out. So the switch from
 * replay to live has no gap and no duplicate by construction. The wake-up subscription is
 * opened before the first read, and the first read happens here, so an expired or forged
 * cursor fails the subscribe itself (CURSOR_EXPIRED / BAD_USER_INPUT).
 */
export async function followEventChanges(options: FollowEventChangesOptions): Promise<EventChangeFollower> {
  const { db, tenantId } = options;
  const pollMs = options.pollMs ?? 5_000;
  const pageSize = options.pageSize ?? 100;
  const mailboxIds = options.mailboxIds ?? null;
  decodeChangeCursor(options.fromCursor, 'fromCursor');
  const wakeups = await options.hub.subscribe(tenantId, mailboxIds);
  let cursor = options.fromCursor;
  let closed = false;
  let noticed = false;
  let wake = null as (() => void) | null;
  const buffer: EventChangeEntry[] = [];

  const readPage = async (): Promise<boolean> => {
    noticed = false;
    const page = await readEventChanges(db, tenantId, { after: cursor, first: pageSize, mailboxIds });
    cursor = page.pageInfo.endCursor;
    buffer.push(...page.nodes);
    return page.pageInfo.hasNextPage;
  };
  try {
    await readPage();
  } catch (error) {
    await wakeups.return();
    throw error;
  }
  void (async () => {
    for (;;) {
      const notice = await wakeups.next();
      if (notice.done) return;
      noticed = true;
      wake?.();
    }
  })();

  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, pollMs);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const finish = async (): Promise<IteratorResult<EventChangeEntry>> => {
    closed = true;
    wake?.();
    await wakeups.return();
    return { value: undefined, done: true };
  };
  const follower: EventChangeFollower = {
    async next() {
      for (;;) {
        if (closed) return { value: undefined, done: true };
        const queued = buffer.shift();
        if (queued) return { value: queued, done: false };
        const more = await readPage();
        if (buffer.length === 0 && !more && !noticed) await sleep();
      }
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return follower;
    },
  };
  return follower;
}
