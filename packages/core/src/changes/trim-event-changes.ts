import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';

export interface TrimEventChangesOptions {
  /** Changes older than this are deleted. */
  retentionMs: number;
  /** Rows deleted per statement: each batch is one short transaction, so sync never waits long on it. */
  batchSize: number;
  /** Batches per run at most; the next scheduled run continues. */
  maxBatches: number;
  now?: Date | undefined;
}

/**
 * Retention of the change log (docs/change-feed.md): deletes changes older than the window in
 * bounded batches through `calsync_trim_event_changes` (the one cross-tenant write, in
 * migrations/0004_event_change_log.sql), which also records per tenant how far it trimmed so
 * older cursors answer CURSOR_EXPIRED. Returns the number of changes deleted.
 */
export async function trimEventChanges(db: Database, options: TrimEventChangesOptions): Promise<number> {
  const before = new Date((options.now ?? new Date()).getTime() - options.retentionMs);
  let total = 0;
  for (let batch = 0; batch < options.maxBatches; batch += 1) {
    const result = await db.execute<{ trimmed: number }>(
      sql`select calsync_trim_event_changes(${before.toISOString()}::timestamptz, ${options.batchSize}) as trimmed`,
    );
    const trimmed = result.rows[0]?.trimmed ?? 0;
    total += trimmed;
    if (trimmed < options.batchSize) break;
  }
  return total;
}
