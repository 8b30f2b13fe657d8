import { trimEventChanges, type ChangesTrimPayload, type Core } from '@calsync/core';

export interface ChangesTrimOptions {
  retentionMs: number;
  batchSize: number;
}

/** Bounded work per run: at most this many batches; the next scheduled run continues. */
const MAX_BATCHES_PER_RUN = 100;

/** changes.trim: deletes change-log rows past the retention window (docs/change-feed.md). */
export function createChangesTrimProcessor(
  core: Core,
  options: ChangesTrimOptions,
): (payload: ChangesTrimPayload) => Promise<unknown> {
  return async () => {
    const trimmed = await trimEventChanges(core.db, {
      retentionMs: options.retentionMs,
      batchSize: options.batchSize,
      maxBatches: MAX_BATCHES_PER_RUN,
    });
    if (trimmed > 0) core.logger.info({ trimmed }, 'change log trimmed');
    return { trimmed };
  };
}
