import { classifyInfrastructureError } from '../errors/infrastructure-failure.ts';
import type { Failure, FailureClassifier } from '../providers/failure.ts';
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
 */
export function classifySyncFailure(err: unknown, classifyProvider: FailureClassifier): Failure {
  const infrastructure = classifyInfrastructureError(err);
  if (infrastructure) return infrastructure;
  if (err instanceof SyncLoopError) return { kind: 'unknown', code: err.code, message: err.message };
  return classifyProvider(err);
}
