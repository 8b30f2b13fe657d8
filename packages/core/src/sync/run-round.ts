import type { Redis } from 'ioredis';
import type { Database } from '../db/index.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';
import {
  graphEventPageSchema,
  isStrippedOccurrence,
  mapGraphEvent,
  parseGraphDeltaItem,
  type GraphEventDto,
} from '../providers/microsoft/index.ts';
import type { Logger } from '../observability/index.ts';
import { applyPage, type ExpectedCursor } from './apply-page.ts';
import { publishEventChanges } from './change-feed.ts';
import type { GraphCaller, RunStats } from '../providers/microsoft/sync/graph-caller.ts';
import { createLoopGuard, type LoopGuardLimits } from './loop-guard.ts';
import { collapsePageActions, type PageAction } from './page-changes.ts';
import type { MasterResolver } from '../providers/microsoft/sync/series-masters.ts';
import type { SyncTarget } from './sync-target.ts';

export interface RoundContext {
  db: Database;
  redis: Redis;
  logger: Logger;
  caller: GraphCaller;
  masters: MasterResolver;
  target: SyncTarget;
  stats: RunStats;
  pageSize: number;
  loopLimits?: LoopGuardLimits | undefined;
  /** Called after each committed page (lease renewal, job progress). */
  onPageCommitted?: (() => Promise<void>) | undefined;
}

export interface RoundStart {
  kind: SyncRunKind;
  url: string;
  expected: ExpectedCursor;
}

/**
 * Follows one calendarView/delta round to its deltaLink, one transaction per
 * page. Each page is fetched, its stripped occurrences filled from their
 * masters, mapped, and applied together with the link that follows it.
 */
export async function runRound(ctx: RoundContext, start: RoundStart): Promise<void> {
  const guard = createLoopGuard(ctx.loopLimits);
  const headers = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${ctx.pageSize}` };
  let url = start.url;
  let expected = start.expected;
  for (;;) {
    const res = await ctx.caller.get<unknown>(url, headers);
    const page = graphEventPageSchema.parse(res.body);
    const nextLink = page['@odata.nextLink'];
    const deltaLink = page['@odata.deltaLink'];
    if (!nextLink && !deltaLink) throw new Error('delta page has neither nextLink nor deltaLink');

    const parsed = page.value.map(parseGraphDeltaItem);
    guard.observe(parsed.flatMap(itemId), nextLink ?? deltaLink);
    const actions = await toActions(ctx, parsed);
    const changes = collapsePageActions(actions);
    const end = nextLink
      ? ({ kind: 'next', resumeCursor: nextLink, roundKind: start.kind } as const)
      : ({ kind: 'final', cursor: deltaLink ?? '', sweep: start.kind === 'FULL' } as const);
    const applied = await applyPage(ctx.db, {
      tenantId: ctx.target.tenantId,
      mailboxId: ctx.target.mailboxId,
      expected,
      changes,
      end,
    });
    ctx.stats.pages += 1;
    ctx.stats.upserted += applied.upserted.length;
    ctx.stats.deleted += applied.deleted.length;
    await publishEventChanges(ctx.redis, ctx.target.tenantId, {
      mailboxId: ctx.target.mailboxId,
      upserted: applied.upserted,
      deleted: applied.deleted,
    }).catch((err: unknown) =>
      ctx.logger.warn({ err: { message: (err as Error).message } }, 'could not publish event changes'),
    );
    await ctx.onPageCommitted?.();
    if (!nextLink) return;
    expected = { ...expected, resumeCursor: nextLink };
    url = nextLink;
  }
}

type Parsed = ReturnType<typeof parseGraphDeltaItem>;

function itemId(item: Parsed): string[] {
  if (item.kind === 'event') return [item.event.id];
  if (item.kind === 'removed') return [item.id];
  return [];
}

async function toActions(ctx: RoundContext, items: Parsed[]): Promise<PageAction[]> {
  const stripped: GraphEventDto[] = [];
  for (const item of items)
    if (item.kind === 'event' && isStrippedOccurrence(item.event)) stripped.push(item.event);
  const masters = stripped.length > 0 ? await ctx.masters.resolveForPage(stripped) : new Map<string, null>();
  const actions: PageAction[] = [];
  for (const item of items) {
    if (item.kind === 'removed') {
      actions.push({ kind: 'remove', sourceId: item.id });
      continue;
    }
    if (item.kind === 'invalid') {
      ctx.logger.warn(
        { mailboxId: ctx.target.mailboxId, sourceId: item.id, issues: item.issues },
        'skipped an invalid delta item',
      );
      continue;
    }
    // calendarView never lists masters; should one appear, its occurrences carry the data.
    if (item.event.type?.toLowerCase() === 'seriesmaster') continue;
    const master = item.event.seriesMasterId
      ? (masters.get(item.event.seriesMasterId) ?? undefined)
      : undefined;
    const mapped = mapGraphEvent(item.event, { master, maskPrivate: ctx.target.maskPrivate });
    if (mapped.ok) {
      actions.push({ kind: 'upsert', row: mapped.row });
    } else {
      // A master deleted mid-round: delta reports its occurrences removed next round.
      ctx.logger.warn(
        { mailboxId: ctx.target.mailboxId, sourceId: item.event.id, reason: mapped.reason },
        'skipped an event that cannot be mapped',
      );
    }
  }
  return actions;
}
