import type { Redis } from 'ioredis';
import type { Database } from '../db/index.ts';
import type { ConnectorKind, SyncRunKind, SyncRunTrigger } from '../db/schema/enums.ts';
import type { Logger } from '../observability/index.ts';
import type { Failure } from '../providers/failure.ts';
import type { SourcePage, SyncProvider, SyncSession, SyncSessionContext } from '../providers/sync-source.ts';
import { storeMailboxTimeZone } from '../calendar/mailbox-time-zone.ts';
import { CursorMovedError } from './apply-page.ts';
import { recordFailure } from './record-failure.ts';
import { BLOCKED_CONNECTOR_STATUSES, type FailureTransition } from './failure-transitions.ts';
import type { LoopGuardLimits } from './loop-guard.ts';
import { beginFullRound } from './mailbox-state.ts';
import { planRound, type RoundPlan, type SyncMode } from './plan-round.ts';
import { runRound, type RoundStart } from './run-round.ts';
import { emptyRunStats, type RunStats } from './run-stats.ts';
import { classifySyncFailure } from './sync-errors.ts';
import { finishSyncRun, openSyncRun, type FinalCursor } from './sync-runs.ts';
import { loadSyncTarget, type SyncTarget } from './sync-target.ts';
import { computeSyncWindow, type SyncWindow } from './sync-window.ts';

export interface MailboxSyncDeps {
  db: Database;
  redis: Redis;
  /** Prefix of calsync's own Redis keys (back-off, connector slots, change feed); the queue prefix. */
  keyPrefix: string;
  logger: Logger;
  /** The sync capability of the target connector's provider (dispatched on connectors.kind by the caller). */
  syncProviderFor(kind: ConnectorKind): SyncProvider;
  now?: (() => Date) | undefined;
  /** Items per page asked of the provider. Default 200. */
  pageSize?: number | undefined;
  /** Longest Retry-After waited in-process; longer ones delay the job. Default 10 s. */
  maxInlineWaitMs?: number | undefined;
  loopLimits?: LoopGuardLimits | undefined;
  onPageCommitted?: (() => Promise<void>) | undefined;
}

export interface MailboxSyncRequest {
  tenantId: string;
  mailboxId: string;
  mode: SyncMode;
  trigger: SyncRunTrigger;
  queuedAt?: Date | undefined;
}

export type MailboxSyncResult =
  | { status: 'succeeded'; runId: string; kind: SyncRunKind; stats: RunStats }
  | { status: 'skipped'; reason: 'mailbox-not-found' | 'mailbox-disabled' | 'connector-blocked' }
  | { status: 'delayed'; runId: string; untilMs: number }
  | {
      status: 'failed';
      runId: string;
      kind: SyncRunKind;
      failure: Failure;
      transition: FailureTransition;
    };

// An expired or moved cursor restarts the round; more than this many restarts in one job is a failure.
const MAX_RESTARTS = 3;

/**
 * One mailbox sync job (docs/architecture.md, sync algorithm): plan (resume, incremental or full),
 * run rounds page by page through the connector's provider, recover from an expired cursor with a
 * full round, and record the run and the resulting mailbox/connector state. Throws only when the
 * database fails before a run exists; every other failure comes back classified in the result.
 */
export async function runMailboxSync(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
): Promise<MailboxSyncResult> {
  const opened = await openRun(deps, request, (deps.now ?? (() => new Date()))());
  if ('skipped' in opened) return { status: 'skipped', reason: opened.skipped };
  return driveOpenedRun(deps, request, opened);
}

/**
 * What a caller that already began a mailbox's job (sync/first-sync-batch.ts) hands over: the
 * session it opened with the run's `stats`, and the full round's first page when it read one
 * (the mailbox's zone was read before it).
 */
export interface PreparedRound {
  session: SyncSession;
  stats: RunStats;
  firstPage?: SourcePage | undefined;
}

/**
 * The job after its run is recorded: rounds until the mailbox is current, restarts on a moved or
 * expired cursor, and the run's end (success or the classified failure) recorded.
 */
export async function driveOpenedRun(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
  opened: OpenedRun,
  prepared?: PreparedRound,
): Promise<MailboxSyncResult> {
  const now = deps.now ?? (() => new Date());
  let { target, plan, kind } = opened;
  const { runId, provider } = opened;
  const classify = (err: unknown): Failure => classifySyncFailure(err, provider.classify);
  const stats = prepared?.stats ?? emptyRunStats();
  let firstPage = prepared?.firstPage;
  const closeSucceeded = (finalCursor?: FinalCursor): Promise<void> =>
    finishSyncRun(
      deps,
      { tenantId: request.tenantId, mailboxId: request.mailboxId, runId, status: 'SUCCEEDED', kind, stats },
      { status: 'OK', details: { lastError: null, errorCode: null, errorKind: null, syncedAt: now() } },
      finalCursor,
    );

  try {
    const session = prepared?.session ?? (await provider.openSession(target, sessionContext(deps, stats)));
    plan = usablePlan(deps, target, plan, session, now());
    for (let restarts = 0; ;) {
      const start = await startRound(deps, target, plan, session, provider.idType, firstPage !== undefined);
      if (firstPage) start.firstPage = firstPage;
      firstPage = undefined;
      if (start.kind === 'FULL') kind = 'FULL';
      // A resumed round shows the back end as of when it began (maybe a crash ago): it is followed
      // by one incremental round so the job ends as current as a fresh one would; any other round
      // ends the job, and its run closes together with the round's last cursor.
      const resumed = plan.action === 'resume';
      try {
        const finalCursor = await runRound(
          {
            db: deps.db,
            redis: deps.redis,
            keyPrefix: deps.keyPrefix,
            logger: deps.logger,
            session,
            target,
            stats,
            loopLimits: deps.loopLimits,
            onPageCommitted: deps.onPageCommitted,
          },
          { ...start, deferEmptyEnd: !resumed },
        );
        if (!resumed) {
          await closeSucceeded(finalCursor);
          break;
        }
        const reloaded = await loadSyncTarget(deps.db, request.tenantId, request.mailboxId);
        if (!reloaded) {
          await closeSucceeded();
          break;
        }
        target = reloaded;
        plan = planRound(target.state, wantedWindow(target, now()), 'AUTO', provider.idType);
        continue;
      } catch (err) {
        const restart = err instanceof CursorMovedError || classify(err).kind === 'cursor-expired';
        if (!restart || restarts >= MAX_RESTARTS) throw err;
        restarts += 1;
        const reloaded = await loadSyncTarget(deps.db, request.tenantId, request.mailboxId);
        if (!reloaded) return { status: 'skipped', reason: 'mailbox-not-found' };
        target = reloaded;
        const window = wantedWindow(target, now());
        plan =
          err instanceof CursorMovedError
            ? planRound(target.state, window, 'AUTO', provider.idType)
            : { action: 'full', window, reason: 'cursor-expired' };
        deps.logger.info(
          { mailboxId: target.mailboxId, reason: plan.action === 'full' ? plan.reason : 'cursor-moved' },
          'restarting sync round',
        );
      }
    }
  } catch (err) {
    return recordFailure(deps, request, target, { runId, kind, stats }, err, classify);
  }
  return { status: 'succeeded', runId, kind, stats };
}

/** What the engine lends a provider's session for one job (its counters are the run's). */
export function sessionContext(deps: MailboxSyncDeps, stats: RunStats): SyncSessionContext {
  return {
    db: deps.db,
    redis: deps.redis,
    keyPrefix: deps.keyPrefix,
    logger: deps.logger,
    stats,
    pageSize: deps.pageSize ?? 200,
    maxInlineWaitMs: deps.maxInlineWaitMs,
  };
}

/** A recorded run (mailbox SYNCING), its target and plan. */
export interface OpenedRun {
  target: SyncTarget;
  provider: SyncProvider;
  plan: RoundPlan;
  kind: SyncRunKind;
  runId: string;
}

/**
 * Reads the target (with the connector's credential), plans the round and records the run
 * (mailbox SYNCING): one statement each, one round trip each. An unchanged mailbox's job is
 * mostly this bookkeeping and the run's end (docs/scaling.md, Workers).
 */
async function openRun(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
  at: Date,
): Promise<OpenedRun | { skipped: 'mailbox-not-found' | 'mailbox-disabled' | 'connector-blocked' }> {
  const target = await loadSyncTarget(deps.db, request.tenantId, request.mailboxId);
  if (!target) return { skipped: 'mailbox-not-found' };
  if (!target.mailboxEnabled) return { skipped: 'mailbox-disabled' };
  if (!target.connectorEnabled || BLOCKED_CONNECTOR_STATUSES.includes(target.connectorStatus))
    return { skipped: 'connector-blocked' };
  const provider = deps.syncProviderFor(target.connectorKind);
  const plan = planRound(target.state, wantedWindow(target, at), request.mode, provider.idType);
  const kind: SyncRunKind = plan.action === 'full' ? 'FULL' : plan.action === 'resume' ? plan.kind : 'DELTA';
  const run = await openSyncRun(deps, { ...request, connectorId: target.connectorId, kind });
  return { target, provider, plan, kind, runId: run.id };
}

/**
 * A stored cursor the provider can no longer follow (for Graph: stored under a former
 * CALSYNC_GRAPH_BASE_URL) is dropped: a full round replaces it and the mailbox's old state.
 */
function usablePlan(
  deps: MailboxSyncDeps,
  target: SyncTarget,
  plan: RoundPlan,
  session: SyncSession,
  at: Date,
): RoundPlan {
  if (plan.action === 'full' || session.acceptsCursor(plan.cursor)) return plan;
  deps.logger.info(
    { mailboxId: target.mailboxId },
    'stored sync cursor cannot be followed; running a full sync',
  );
  return { action: 'full', window: wantedWindow(target, at), reason: 'cursor-not-usable' };
}

function wantedWindow(target: SyncTarget, at: Date): SyncWindow {
  return computeSyncWindow(at, target.pastDays, target.futureDays);
}

async function startRound(
  deps: MailboxSyncDeps,
  target: SyncTarget,
  plan: RoundPlan,
  session: SyncSession,
  idType: string | undefined,
  zoneAlreadyRead: boolean,
): Promise<RoundStart> {
  const { state } = target;
  switch (plan.action) {
    case 'resume':
      return {
        kind: plan.kind,
        cursor: plan.cursor,
        expected: {
          generation: state.generation,
          resumeCursor: plan.cursor,
          cursor: plan.kind === 'DELTA' ? state.cursor : null,
        },
      };
    case 'delta':
      return {
        kind: 'DELTA',
        cursor: plan.cursor,
        expected: { generation: state.generation, resumeCursor: null, cursor: plan.cursor },
      };
    case 'full': {
      if (!zoneAlreadyRead) await refreshMailboxTimeZone(deps, target, session);
      const { generation, storedBefore } = await beginFullRound(
        deps.db,
        target.tenantId,
        target.mailboxId,
        plan.window,
      );
      return {
        kind: 'FULL',
        cursor: session.fullRoundCursor(plan.window),
        expected: { generation, resumeCursor: null, cursor: null },
        nothingStoredBefore: !storedBefore,
        ...(idType === undefined
          ? {}
          : {
              sourceIdType: idType,
              // Generation 0: no round ever began, so no row is stored to re-key (it cost every page
              // of a first sync a statement).
              rekey: state.generation > 0 && state.sourceIdType !== idType,
            }),
      };
    }
  }
}

/**
 * A full round starts by re-reading the mailbox's own zone: all-day events are dates placed in it
 * (calendar/mailbox-time-zone.ts), so a changed zone re-places the stored ones before the round.
 */
export async function refreshMailboxTimeZone(
  deps: Pick<MailboxSyncDeps, 'db'>,
  target: SyncTarget,
  session: SyncSession,
): Promise<void> {
  if (!session.readMailboxTimeZone) return;
  const zone = await session.readMailboxTimeZone();
  if (zone === null || zone === target.settingsTimeZone) return;
  await storeMailboxTimeZone(deps.db, target.tenantId, target.mailboxId, 'settings', zone);
  target.settingsTimeZone = zone;
}
