import type { Queues } from '../jobs/index.ts';

/** Scheduler id of the change log's retention job (one per deployment). */
export const CHANGE_TRIM_SCHEDULER_ID = 'changes-trim';

/**
 * Makes sure `changes.trim` runs every `everyMs`. Only writes when the scheduler is missing or
 * has another interval: re-asserting it often (worker start, schedule reconciliation) keeps the
 * pending run where it is.
 */
export async function scheduleChangeTrim(queues: Queues, everyMs: number): Promise<void> {
  const existing = await queues.connector.getJobScheduler(CHANGE_TRIM_SCHEDULER_ID);
  if (existing?.every === everyMs) return;
  await queues.connector.upsertJobScheduler(
    CHANGE_TRIM_SCHEDULER_ID,
    { every: everyMs },
    { name: 'changes.trim', data: {}, opts: { removeOnComplete: 20, removeOnFail: 100 } },
  );
}
