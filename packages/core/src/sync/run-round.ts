import type { Redis } from 'ioredis';
import type { Database } from '../db/index.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';
import type { Logger } from '../observability/index.ts';
import type { SourcePage, SyncSession } from '../providers/sync-source.ts';
import { applyPage, type ExpectedCursor, type PageEnd } from './apply-page.ts';
import { publishEventChanges } from './change-feed.ts';
import { createLoopGuard, type LoopGuardLimits } from './loop-guard.ts';
import { collapsePageActions, type PageChanges } from './page-changes.ts';
import type { RunStats } from './run-stats.ts';
import type { FinalCursor } from './sync-runs.ts';
import type { SyncTarget } from './sync-target.ts';

export interface RoundContext {
  db: Database;
  redis: Redis;
  /** Prefix of calsync's Redis keys (the change-feed channel). */
  keyPrefix: string;
  logger: Logger;
  session: SyncSession;
  target: SyncTarget;
  stats: RunStats;
  loopLimits?: LoopGuardLimits | undefined;
  /** Called after each committed page (lease renewal, job progress). */
  onPageCommitted?: (() => Promise<void>) | undefined;
}

export interface RoundStart {
  kind: SyncRunKind;
  cursor: string;
  expected: ExpectedCursor;
  /** A full round's id type, stored with its final cursor. */
  sourceIdType?: string | undefined;
  /** The stored rows are keyed by another id type: re-key them by iCalUId as the round meets them. */
  rekey?: boolean | undefined;
  /** The caller stores an empty last page's cursor with the run's end (it closes the run right after). */
  deferEmptyEnd?: boolean | undefined;
  /**
   * A full round of a mailbox that had no event or series master stored when it began (its first):
   * every event it leaves has the round's generation, so its sweep is skipped unless the round
   * deleted something (a cached series master may then have lost its occurrences).
   */
  nothingStoredBefore?: boolean | undefined;
  /** The round's first page, already read by the caller (sync/first-sync-batch.ts). */
  firstPage?: SourcePage | undefined;
}

/**
 * Follows one round from `start.cursor` to the provider's final cursor, one transaction per
 * page: the provider reads the page, the engine collapses it, applies it together with the
 * cursor that follows it (the sweep on a full round's last page, unless `nothingStoredBefore` shows
 * there is nothing older to sweep) and publishes the changes.
 * The next page is read while this one is written (`readAhead`): the provider's request and the
 * page's transaction overlap, and the provider still has one page in flight at a time.
 * A delta round's last page with nothing on it is not applied: its cursor is returned, for the
 * run's closing statement to store (sync-runs.ts FinalCursor), so an unchanged mailbox's round
 * costs no page transaction.
 */
export async function runRound(ctx: RoundContext, start: RoundStart): Promise<FinalCursor | undefined> {
  const guard = createLoopGuard(ctx.loopLimits);
  const round = { full: start.kind === 'FULL' };
  let expected = start.expected;
  const deletedBefore = ctx.stats.deleted;
  let page = start.firstPage ?? (await ctx.session.fetchPage(start.cursor, round));
  for (;;) {
    guard.observe(page.itemIds, page.next.cursor);
    const changes = collapsePageActions(page.changes);
    if (page.next.kind === 'done' && isNothingToWrite(start, page.itemIds, changes)) {
      ctx.stats.pages += 1;
      return { cursor: page.next.cursor, expected };
    }
    const end =
      page.next.kind === 'more'
        ? ({ kind: 'next', resumeCursor: page.next.cursor, roundKind: start.kind } as const)
        : ({
            kind: 'final',
            cursor: page.next.cursor,
            sweep:
              start.kind === 'FULL' &&
              !(start.nothingStoredBefore === true && deletesNothing(ctx, deletedBefore, changes)),
            sourceIdType: start.sourceIdType,
          } as const);
    const following = page.next.kind === 'more' ? readAhead(ctx.session, page.next.cursor, round) : undefined;
    try {
      await writePage(ctx, start, { page, changes, end, expected });
    } catch (err) {
      // No request of this round outlives it (a retried job must not overlap it at the provider).
      await following?.settled;
      throw err;
    }
    if (!following) return undefined;
    expected = { ...expected, resumeCursor: following.cursor };
    page = await following.page;
  }
}

/** Applies a page with the cursor that follows it, then what waits for its commit. */
async function writePage(
  ctx: RoundContext,
  start: RoundStart,
  {
    page,
    changes,
    end,
    expected,
  }: { page: SourcePage; changes: PageChanges; end: PageEnd; expected: ExpectedCursor },
): Promise<void> {
  const applied = await applyPage(ctx.db, {
    tenantId: ctx.target.tenantId,
    mailboxId: ctx.target.mailboxId,
    expected,
    changes,
    end,
    rekey: start.rekey,
    seriesMasters: page.seriesMasters,
  });
  await page.committed?.();
  ctx.stats.pages += 1;
  ctx.stats.upserted += applied.upserted.length;
  ctx.stats.deleted += applied.deleted.length;
  await publishEventChanges(ctx.redis, ctx.keyPrefix, ctx.target.tenantId, {
    mailboxId: ctx.target.mailboxId,
    upserted: applied.upserted,
    deleted: applied.deleted,
  }).catch((err: unknown) =>
    ctx.logger.warn({ err: { message: (err as Error).message } }, 'could not publish event changes'),
  );
  await ctx.onPageCommitted?.();
}

/**
 * The page at `cursor`, requested now and awaited later. Its failure is reported when it is
 * awaited, after the page before it committed, exactly as if it had been requested then.
 */
function readAhead(
  session: SyncSession,
  cursor: string,
  round: { full: boolean },
): { cursor: string; page: Promise<SourcePage>; settled: Promise<unknown> } {
  const page = session.fetchPage(cursor, round);
  const settled = page.catch(() => undefined);
  return { cursor, page, settled };
}

/** Neither this round's earlier pages nor this page delete anything. */
function deletesNothing(ctx: RoundContext, deletedBefore: number, changes: PageChanges): boolean {
  return (
    ctx.stats.deleted === deletedBefore &&
    changes.removals.length === 0 &&
    changes.seriesReplacements.length === 0
  );
}

/** A last page that would only move the cursor: a delta round (no sweep, no re-keying) and no items. */
function isNothingToWrite(start: RoundStart, itemIds: readonly string[], changes: PageChanges): boolean {
  return (
    start.deferEmptyEnd === true &&
    start.kind === 'DELTA' &&
    !start.rekey &&
    itemIds.length === 0 &&
    changes.upserts.length === 0 &&
    changes.removals.length === 0 &&
    changes.seriesReplacements.length === 0
  );
}
