import { classifyInfrastructureError } from '../errors/infrastructure-failure.ts';
import type { Failure, FailureClassifier } from '../providers/failure.ts';
import { CursorMovedError } from './apply-page.ts';
import { SyncLoopError } from './loop-guard.ts';

/** The job must wait until `untilMs` (Retry-After or connector back-off) before calling the back end again. */
export class SyncDelayError extends Error {
  override readonly name = 'SyncDelayError';
  constructor(
    readonly untilMs: number,
    readonly code: string,
  ) {
    super(`the back end asked to wait until ${new Date(untilMs).toISOString()} (${code})`);
  }
}

/**
 * Any error of a sync job as a neutral Failure: calsync's own Postgres/Redis first (never the
 * mailbox's fault), then the engine's loop guard, then the connector's provider classifier.
 * A cursor still moving after the job's restarts means another job of calsync's (a stalled one
 * run again) keeps writing the mailbox: calsync's own doing, so retried like infrastructure.
 */
export function classifySyncFailure(err: unknown, classifyProvider: FailureClassifier): Failure {
  const infrastructure = classifyInfrastructureError(err);
  if (infrastructure) return infrastructure;
  if (err instanceof CursorMovedError)
    return { kind: 'infrastructure', code: 'SyncCursorMoved', message: err.message };
  if (err instanceof SyncLoopError) return { kind: 'unknown', code: err.code, message: err.message };
  return classifyProvider(err);
}
