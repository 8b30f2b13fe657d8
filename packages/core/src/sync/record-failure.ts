import type { Failure } from '../providers/failure.ts';
import { classifyInfrastructureError } from '../errors/infrastructure-failure.ts';
import { mailboxSyncErrorKind } from './mailbox-sync-error.ts';
import { FAILURE_TRANSITIONS } from './failure-transitions.ts';
import { dropDeltaState, setConnectorStatus } from './mailbox-state.ts';
import type {
  MailboxSyncDeps,
  MailboxSyncRequest,
  MailboxSyncResult,
  OpenedRun,
} from './run-mailbox-sync.ts';
import type { RunStats } from './run-stats.ts';
import { classifySyncFailure, SyncDelayError } from './sync-errors.ts';
import { finishSyncRun } from './sync-runs.ts';
import type { SyncTarget } from './sync-target.ts';
import type { SyncRunKind } from '../db/schema/enums.ts';

// How a mailbox job's failure is recorded: the run closed FAILED (or delayed), the mailbox's and
// connector's status by the failure's transition (docs/architecture.md, Failures).

/**
 * Records how a job whose run is open failed (classified by its provider), as the engine does for
 * a failure of its own rounds.
 */
export function recordRunFailure(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
  opened: OpenedRun,
  stats: RunStats,
  err: unknown,
): Promise<MailboxSyncResult> {
  const classify = (error: unknown): Failure => classifySyncFailure(error, opened.provider.classify);
  return recordFailure(
    deps,
    request,
    opened.target,
    { runId: opened.runId, kind: opened.kind, stats },
    err,
    classify,
  );
}

export async function recordFailure(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
  target: SyncTarget,
  run: { runId: string; kind: SyncRunKind; stats: RunStats },
  err: unknown,
  classify: (err: unknown) => Failure,
): Promise<MailboxSyncResult> {
  const { tenantId, mailboxId } = request;
  if (err instanceof SyncDelayError) {
    await finishSyncRun(deps, {
      tenantId,
      mailboxId,
      runId: run.runId,
      status: 'FAILED',
      kind: run.kind,
      stats: run.stats,
      errorCode: err.code,
      errorMessage: 'throttled by the calendar back end; the job is delayed until Retry-After',
    });
    return { status: 'delayed', runId: run.runId, untilMs: err.untilMs };
  }
  const failure = classify(err);
  const transition = FAILURE_TRANSITIONS[failure.kind];
  if (failure.kind === 'infrastructure')
    return recordInfrastructureFailure(deps, request, target, run, failure);
  const lastError = `${failure.code}: ${failure.message}`.slice(0, 1000);
  // No cursor of this mailbox is worth following any more: the retried job starts a full round.
  if (failure.kind === 'cursor-expired') await dropDeltaState(deps.db, tenantId, [mailboxId]);
  deps.logger.warn({ tenantId, mailboxId, kind: failure.kind, code: failure.code }, 'mailbox sync failed');
  await finishSyncRun(
    deps,
    {
      tenantId,
      mailboxId,
      runId: run.runId,
      status: 'FAILED',
      kind: run.kind,
      stats: run.stats,
      errorCode: failure.code,
      errorMessage: failure.message,
    },
    transition.mailboxStatus
      ? {
          status: transition.mailboxStatus,
          details: {
            lastError,
            errorCode: failure.code.slice(0, 200),
            errorKind: mailboxSyncErrorKind(failure),
          },
        }
      : undefined,
  );
  if (transition.connectorStatus)
    await setConnectorStatus(deps.db, tenantId, target.connectorId, transition.connectorStatus, lastError);
  return { status: 'failed', runId: run.runId, kind: run.kind, failure, transition };
}

/**
 * Postgres or Redis failed under the sync: nobody's fault but calsync's, so the mailbox gets its
 * status from before the run back (never ERROR) and the job is retried. Recording is best effort:
 * the database may still be down, and the retry will record its own run.
 */
async function recordInfrastructureFailure(
  deps: MailboxSyncDeps,
  request: MailboxSyncRequest,
  target: SyncTarget,
  run: { runId: string; kind: SyncRunKind; stats: RunStats },
  failure: Failure,
): Promise<MailboxSyncResult> {
  const { tenantId, mailboxId } = request;
  deps.logger.warn({ tenantId, mailboxId, code: failure.code }, 'mailbox sync interrupted by infrastructure');
  try {
    await finishSyncRun(
      deps,
      {
        tenantId,
        mailboxId,
        runId: run.runId,
        status: 'FAILED',
        kind: run.kind,
        stats: run.stats,
        errorCode: failure.code,
        errorMessage: failure.message,
      },
      { status: target.mailboxSyncStatus },
    );
  } catch (recordError) {
    const recorded = classifyInfrastructureError(recordError);
    deps.logger.warn({ tenantId, mailboxId, code: recorded?.code }, 'could not record the interrupted sync');
  }
  const transition = FAILURE_TRANSITIONS.infrastructure;
  return { status: 'failed', runId: run.runId, kind: run.kind, failure, transition };
}
