import type { SyncRunTrigger } from '../db/schema/enums.ts';
import { announceSyncRun } from '../live/sync-run-feed.ts';
import type { SourcePage, SyncProvider, SyncSession } from '../providers/sync-source.ts';
import { storeMailboxTimeZone } from '../calendar/mailbox-time-zone.ts';
import { mapWithConcurrency } from '../diagnostics/probe-targets.ts';
import { withLogContext } from '../observability/log-context.ts';
import { publishEventChanges } from './change-feed.ts';
import { BLOCKED_CONNECTOR_STATUSES } from './failure-transitions.ts';
import { claimFirstRounds, FIRST_GENERATION, openRunsOfJob } from './first-round-claim.ts';
import { planRound } from './plan-round.ts';
import { writeFirstRounds, type FirstRoundPage } from './first-round-write.ts';
import { collapsePageActions } from './page-changes.ts';
import {
  driveOpenedRun,
  type MailboxSyncRequest,
  sessionContext,
  type MailboxSyncDeps,
  type MailboxSyncResult,
  type OpenedRun,
  type PreparedRound,
} from './run-mailbox-sync.ts';
import { recordRunFailure } from './record-failure.ts';
import { emptyRunStats, type RunStats } from './run-stats.ts';
import { loadSyncTargets, type SyncTarget } from './sync-target.ts';
import { computeSyncWindow } from './sync-window.ts';

export interface FirstSyncBatchRequest {
  tenantId: string;
  connectorId: string;
  mailboxIds: readonly string[];
  trigger: SyncRunTrigger;
  queuedAt?: Date | undefined;
  /**
   * Asks for up to `more` further lanes (connector slots) for mailboxes that continue past their
   * first page; returns how many it got. Without it, they continue one at a time.
   */
  widen?: ((more: number) => Promise<number>) | undefined;
  /**
   * Told as soon as mailboxes are done with (synced, failed, or left to another job), so they can
   * take jobs of their own again without waiting for the whole batch. Its failures are ignored.
   */
  onSettled?: ((mailboxIds: readonly string[]) => Promise<void>) | undefined;
}

export interface FirstSyncOutcome {
  mailboxId: string;
  result: MailboxSyncResult;
}

/** A claimed mailbox whose first page was read: its session, zone and page. */
interface ReadMailbox {
  opened: OpenedRun;
  prepared: PreparedRound & { firstPage: SourcePage };
  zone: string | null;
}

/**
 * The first sync of several never-synced mailboxes of one connector as one job
 * (docs/architecture.md, sync engine, "First syncs in batches"): their state read in one statement,
 * their first rounds begun (runs opened) in one, each mailbox's first page read from the provider in
 * turn, and every mailbox whose round is that one page committed in one transaction. Anything else
 * (a round of more pages, a page that removes, a provider failure, a state that moved) continues
 * through the ordinary engine with the run already opened, so it is recorded exactly as a job of
 * its own would record it. Mailboxes begun by another job meanwhile are left to that job; those an
 * earlier attempt of this job began (its worker was killed) continue where their state stands.
 */
export async function runFirstSyncBatch(
  deps: MailboxSyncDeps,
  request: FirstSyncBatchRequest,
): Promise<FirstSyncOutcome[]> {
  const now = deps.now ?? (() => new Date());
  const outcomes: FirstSyncOutcome[] = [];
  const settle = (mailboxIds: readonly string[]): Promise<void> =>
    mailboxIds.length === 0
      ? Promise.resolve()
      : (request.onSettled?.(mailboxIds).catch(() => undefined) ?? Promise.resolve());
  const targets = await loadSyncTargets(deps.db, request.tenantId, request.mailboxIds);
  const loaded = new Set(targets.map((t) => t.mailboxId));
  for (const mailboxId of request.mailboxIds)
    if (!loaded.has(mailboxId)) outcomes.push(skipped(mailboxId, 'mailbox-not-found'));
  const queuedAt = request.queuedAt ?? now();
  const owned = await openRunsOfJob(deps.db, request.tenantId, request.mailboxIds, queuedAt);
  const fresh: SyncTarget[] = [];
  const resumed: { target: SyncTarget; runId: string }[] = [];
  for (const target of targets) {
    const reason = ineligible(target, request.connectorId);
    if (reason) outcomes.push(skipped(target.mailboxId, reason));
    else if (owned.has(target.mailboxId))
      resumed.push({ target, runId: owned.get(target.mailboxId) as string });
    else if (neverBegun(target)) fresh.push(target);
  }
  const first = fresh[0] ?? resumed[0]?.target;
  if (!first) {
    await settle(request.mailboxIds);
    return outcomes;
  }
  const window = computeSyncWindow(now(), first.pastDays, first.futureDays);
  const provider = deps.syncProviderFor(first.connectorKind);
  const runs = await claimFirstRounds(deps.db, {
    tenantId: request.tenantId,
    connectorId: request.connectorId,
    mailboxIds: fresh.map((t) => t.mailboxId),
    trigger: request.trigger,
    queuedAt,
    window,
  });
  for (const run of runs) announceSyncRun(deps, run);
  const runOf = new Map(runs.map((run) => [run.mailboxId, run.id]));
  const claimed: OpenedRun[] = [];
  for (const target of fresh) {
    const runId = runOf.get(target.mailboxId);
    if (runId === undefined) continue;
    target.state = {
      ...target.state,
      generation: FIRST_GENERATION,
      resumeKind: 'FULL',
      windowStart: window.start,
      windowEnd: window.end,
    };
    const plan = { action: 'full', window, reason: 'first-sync' } as const;
    claimed.push({ target, provider, plan, kind: 'FULL', runId });
  }
  const kept = new Set([
    ...claimed.map((o) => o.target.mailboxId),
    ...resumed.map((r) => r.target.mailboxId),
  ]);
  await settle(request.mailboxIds.filter((id) => !kept.has(id)));
  // An earlier attempt of this job was cut off: its mailboxes go on where their state stands.
  const continuing: { opened: OpenedRun; read?: ReadMailbox }[] = resumed.map(({ target, runId }) => {
    const plan = planRound(target.state, window, 'AUTO', provider.idType);
    const kind = plan.action === 'full' ? 'FULL' : plan.action === 'resume' ? plan.kind : 'DELTA';
    return { opened: { target, provider, plan, kind, runId } };
  });

  const jobOf = (mailboxId: string): MailboxSyncRequest => ({
    tenantId: request.tenantId,
    mailboxId,
    mode: 'AUTO',
    trigger: request.trigger,
    queuedAt,
  });
  /** The ordinary engine from here on, with the run opened and (when read) the first page. */
  const continueOrdinarily = async (opened: OpenedRun, read?: ReadMailbox): Promise<void> => {
    const { mailboxId } = opened.target;
    // Its zone could not be stored: the round starts over and reads it again.
    const ready =
      read &&
      (await keepZone(deps, read).then(
        () => true,
        () => false,
      ));
    const result = await withLogContext({ mailboxId }, () =>
      driveOpenedRun(deps, jobOf(mailboxId), opened, ready ? read.prepared : undefined),
    );
    outcomes.push({ mailboxId, result });
    await settle([mailboxId]);
  };

  // Each mailbox's first page, one mailbox at a time: a first sync of small mailboxes is mostly this.
  const onePage: ReadMailbox[] = [];
  for (const opened of claimed) {
    const { mailboxId } = opened.target;
    const read = await withLogContext({ mailboxId }, () =>
      readFirstPage(deps, provider, opened, window),
    ).then(
      (value) => value,
      (failed: unknown) =>
        failed instanceof FirstPageError
          ? { error: failed.error, stats: failed.stats }
          : { error: failed, stats: undefined },
    );
    await deps.onPageCommitted?.();
    if ('error' in read) {
      // The provider refused: recorded as the ordinary engine records it, without asking again.
      const result = await withLogContext({ mailboxId }, () =>
        recordRunFailure(deps, jobOf(mailboxId), opened, read.stats ?? emptyRunStats(), read.error),
      );
      outcomes.push({ mailboxId, result });
      await settle([mailboxId]);
    } else if (isOnePageOfUpserts(read.prepared.firstPage)) onePage.push(read);
    else continuing.push({ opened, read });
  }

  const written = await commitOnePageRounds(deps, request.tenantId, provider, onePage);
  for (const read of onePage) {
    const { mailboxId } = read.opened.target;
    if (!written.has(mailboxId)) continuing.push({ opened: read.opened, read });
    else
      outcomes.push({
        mailboxId,
        result: { status: 'succeeded', runId: read.opened.runId, kind: 'FULL', stats: read.prepared.stats },
      });
  }
  await settle([...written]);
  // Rounds of more pages (and anything the batch could not commit) go on side by side, in as many
  // lanes as the job can get.
  const lanes = continuing.length > 1 ? 1 + ((await request.widen?.(continuing.length - 1)) ?? 0) : 1;
  await mapWithConcurrency(continuing, lanes, ({ opened, read }) => continueOrdinarily(opened, read));
  return outcomes;
}

const skipped = (
  mailboxId: string,
  reason: 'mailbox-not-found' | 'mailbox-disabled' | 'connector-blocked',
): FirstSyncOutcome => ({ mailboxId, result: { status: 'skipped', reason } });

function ineligible(
  target: SyncTarget,
  connectorId: string,
): 'mailbox-disabled' | 'connector-blocked' | null {
  if (target.connectorId !== connectorId) return 'mailbox-disabled';
  if (!target.mailboxEnabled) return 'mailbox-disabled';
  if (!target.connectorEnabled || BLOCKED_CONNECTOR_STATUSES.includes(target.connectorStatus))
    return 'connector-blocked';
  return null;
}

/** No round ever began: nothing is stored for the mailbox, so its first round needs no sweep. */
function neverBegun(target: SyncTarget): boolean {
  const { state } = target;
  return state.generation === 0 && state.cursor === null && state.resumeCursor === null;
}

/** Opens the mailbox's session, reads its zone and the first page of its full round. */
async function readFirstPage(
  deps: MailboxSyncDeps,
  provider: SyncProvider,
  opened: OpenedRun,
  window: { start: Date; end: Date },
): Promise<ReadMailbox> {
  const stats: RunStats = emptyRunStats();
  try {
    const session: SyncSession = await provider.openSession(opened.target, sessionContext(deps, stats));
    const zone = session.readMailboxTimeZone ? await session.readMailboxTimeZone() : null;
    const firstPage = await session.fetchPage(session.fullRoundCursor(window), { full: true });
    return { opened, prepared: { session, stats, firstPage }, zone };
  } catch (error) {
    throw Object.assign(new FirstPageError(error), { stats });
  }
}

/** A failure reading a mailbox's first page, with the run's counters so far. */
class FirstPageError extends Error {
  override readonly name = 'FirstPageError';
  stats: RunStats | undefined;
  constructor(readonly error: unknown) {
    super('first page not read');
  }
}

/** The round's only page, and it only adds events (the batch's write has no removals or sweep). */
function isOnePageOfUpserts(page: SourcePage): boolean {
  if (page.next.kind !== 'done') return false;
  const changes = collapsePageActions(page.changes);
  return changes.removals.length === 0 && changes.seriesReplacements.length === 0;
}

/**
 * Commits the one-page rounds together, then what waits for their commit (the provider's cached
 * state, the change feed, the closed runs). Returns the mailboxes written; when the transaction
 * fails, none: each goes the ordinary way, which records its own failure.
 */
async function commitOnePageRounds(
  deps: MailboxSyncDeps,
  tenantId: string,
  provider: SyncProvider,
  reads: readonly ReadMailbox[],
): Promise<Set<string>> {
  if (reads.length === 0) return new Set();
  const pages: FirstRoundPage[] = reads.map((read) => ({
    mailboxId: read.opened.target.mailboxId,
    runId: read.opened.runId,
    cursor: read.prepared.firstPage.next.cursor,
    settingsTimeZone: changedZone(read),
    upserts: collapsePageActions(read.prepared.firstPage.changes).upserts,
    seriesMasters: read.prepared.firstPage.seriesMasters ?? [],
    stats: read.prepared.stats,
  }));
  let result;
  try {
    result = await writeFirstRounds(deps.db, tenantId, provider.idType, pages);
  } catch (err) {
    deps.logger.warn(
      { tenantId, err: { message: (err as Error).message } },
      'first syncs not committed together; each continues on its own',
    );
    return new Set();
  }
  await deps.onPageCommitted?.();
  for (const read of reads) {
    const ids = result.written.get(read.opened.target.mailboxId);
    if (ids === undefined) continue;
    read.opened.target.settingsTimeZone = read.zone ?? read.opened.target.settingsTimeZone;
    await read.prepared.firstPage.committed?.();
    await publishEventChanges(deps.redis, deps.keyPrefix, tenantId, {
      mailboxId: read.opened.target.mailboxId,
      upserted: ids,
      deleted: [],
    }).catch((err: unknown) =>
      deps.logger.warn({ err: { message: (err as Error).message } }, 'could not publish event changes'),
    );
  }
  for (const run of result.runs) announceSyncRun(deps, run);
  return new Set(result.written.keys());
}

/** The zone read from the mailbox's settings when it differs from the stored one. */
function changedZone(read: ReadMailbox): string | null {
  return read.zone !== null && read.zone !== read.opened.target.settingsTimeZone ? read.zone : null;
}

/** A mailbox going the ordinary way with its zone already read stores it first, as a round's start would. */
async function keepZone(deps: MailboxSyncDeps, read: ReadMailbox): Promise<void> {
  const zone = changedZone(read);
  if (zone === null) return;
  const { tenantId, mailboxId } = read.opened.target;
  await storeMailboxTimeZone(deps.db, tenantId, mailboxId, 'settings', zone);
  read.opened.target.settingsTimeZone = zone;
}
