import { reconcileSchedules, scheduleChangeTrim, type Core } from '@calsync/core';

export interface ScheduleReconciler {
  /** The first reconciliation (run at start). */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Re-asserts the connector job schedulers from Postgres at start and every `intervalMs`, so a
 * Redis that lost them (flushed, restored from an old snapshot) gets its ticks back without a
 * worker restart, and schedulers of deleted or disabled connectors do not fire forever. The
 * change log's retention job (every `changeTrimEveryMs`) is re-asserted the same way.
 */
export function startScheduleReconciler(
  core: Core,
  intervalMs: number,
  changeTrimEveryMs: number,
): ScheduleReconciler {
  let running: Promise<void> | null = null;
  const runOnce = (): Promise<void> => {
    running ??= scheduleChangeTrim(core.queues, changeTrimEveryMs)
      .then(() => reconcileSchedules(core))
      .then((result) => {
        const changed = result.restored > 0 || result.orphansRemoved > 0;
        core.logger[changed ? 'info' : 'debug'](result, 'connector schedules reconciled');
      })
      .catch((err: unknown) => {
        core.logger.warn(
          { err: { message: (err as Error).message } },
          'could not reconcile connector schedules; retrying at the next interval',
        );
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  return { ready: runOnce(), stop: () => clearInterval(timer) };
}
