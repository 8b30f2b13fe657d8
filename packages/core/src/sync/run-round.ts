import type { Redis } from 'ioredis';
import type { Database } from '../db/index.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';
import type { Logger } from '../observability/index.ts';
import type { SyncSession } from '../providers/sync-source.ts';
import { applyPage, type ExpectedCursor } from './apply-page.ts';
import { publishEventChanges } from './change-feed.ts';
import { createLoopGuard, type LoopGuardLimits } from './loop-guard.ts';
import { collapsePageActions } from './page-changes.ts';
import type { RunStats } from './run-stats.ts';
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
}

/**
 * Follows one round from `start.cursor` to the provider's final cursor, one transaction per
 * page: the provider reads the page, the engine collapses it, applies it together with the
 * cursor that follows it (the sweep on a full round's last page) and publishes the changes.
 */
export async function runRound(ctx: RoundContext, start: RoundStart): Promise<void> {
  const guard = createLoopGuard(ctx.loopLimits);
  let cursor = start.cursor;
  let expected = start.expected;
  for (;;) {
    const page = await ctx.session.fetchPage(cursor, { full: start.kind === 'FULL' });
    guard.observe(page.itemIds, page.next.cursor);
    const end =
      page.next.kind === 'more'
        ? ({ kind: 'next', resumeCursor: page.next.cursor, roundKind: start.kind } as const)
        : ({
            kind: 'final',
            cursor: page.next.cursor,
            sweep: start.kind === 'FULL',
            sourceIdType: start.sourceIdType,
          } as const);
    const applied = await applyPage(ctx.db, {
      tenantId: ctx.target.tenantId,
      mailboxId: ctx.target.mailboxId,
      expected,
      changes: collapsePageActions(page.changes),
      end,
      rekey: start.rekey,
    });
    await ctx.session.pageCommitted?.();
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
    if (page.next.kind === 'done') return;
    expected = { ...expected, resumeCursor: page.next.cursor };
    cursor = page.next.cursor;
  }
}
