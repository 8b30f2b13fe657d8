import type { Redis } from 'ioredis';
import type { Database } from '../db/index.ts';
import type { Logger } from '../observability/index.ts';
import type { PageAction } from '../sync/page-changes.ts';
import type { RunStats } from '../sync/run-stats.ts';
import type { SyncTarget } from '../sync/sync-target.ts';
import type { SyncWindow } from '../sync/sync-window.ts';
import type { FailureClassifier } from './failure.ts';

/** One page of a sync round as a provider reads it (docs/architecture.md, sync algorithm). */
export interface SourcePage {
  /** Upserts and removals in the order the back end reported them (the last mention wins). */
  changes: PageAction[];
  /** Every item id the page mentioned, for the loop guard. */
  itemIds: string[];
  /**
   * `more`: the round goes on at `cursor` (stored as the resume cursor).
   * `done`: the round is finished; `cursor` starts the next incremental round.
   */
  next: { kind: 'more' | 'done'; cursor: string };
  /**
   * Series masters the page delivered whole: the engine keeps them in `series_masters` in the page's
   * own transaction, so a later round fills stripped occurrences from them without asking again.
   */
  seriesMasters?: readonly CachedSeriesMaster[] | undefined;
  /**
   * Called once this page committed: state of the page that must not get ahead of the data may now be
   * kept. The engine may read the next page before this one commits, so such state is held per page.
   */
  committed?: (() => Promise<void>) | undefined;
}

/** A series master as the cache keeps it: the back end's item, keyed by its id, with its change key. */
export interface CachedSeriesMaster {
  sourceId: string;
  changeKey: string | null;
  data: unknown;
}

/** A provider's view of one mailbox for one sync job. Cursors are opaque to the engine. */
export interface SyncSession {
  /** False for a stored cursor this session cannot follow any more: the engine runs a full round. */
  acceptsCursor(cursor: string): boolean;
  /** The cursor of a full round's first page over `window`. */
  fullRoundCursor(window: SyncWindow): string;
  /** Reads the page at `cursor` of a full or incremental round; failures are thrown for the provider's classifier. */
  fetchPage(cursor: string, round: { full: boolean }): Promise<SourcePage>;
  /**
   * The mailbox's own time zone (IANA) as the back end keeps it, or null when it cannot be read; asked
   * before each full round. Providers without such a setting leave it out.
   */
  readMailboxTimeZone?(): Promise<string | null>;
}

/** What the engine lends a session: storage for caches and back-off, counters, limits. */
export interface SyncSessionContext {
  db: Database;
  redis: Redis;
  /** Prefix of calsync's own Redis keys (connector back-off). */
  keyPrefix: string;
  logger: Logger;
  stats: RunStats;
  /** Items per page the provider should ask for. */
  pageSize: number;
  /** Longest Retry-After waited in-process; longer ones delay the job. */
  maxInlineWaitMs?: number | undefined;
}

/** The sync capability of a provider: open a session for a mailbox, classify what it throws. */
export interface SyncProvider {
  classify: FailureClassifier;
  /**
   * The kind of item ids this provider reports (Graph: `ImmutableId`), when it has kinds. A mailbox whose
   * rows are keyed by another kind is re-keyed by one full round that matches them by iCalUId.
   */
  idType?: string | undefined;
  openSession(target: SyncTarget, context: SyncSessionContext): Promise<SyncSession>;
}
