import { sql } from 'drizzle-orm';
import type { Tx } from '../db/index.ts';

/**
 * End of a full round: every event Graph still has was rewritten with the
 * round's generation, so older generations are what disappeared (also after a
 * 410 resync, where delta never said what was deleted). Cached series masters
 * no stored occurrence refers to go too. Returns the public ids deleted.
 */
export async function sweepOlderGenerations(
  tx: Tx,
  tenantId: string,
  mailboxId: string,
  generation: number,
): Promise<string[]> {
  // One statement (one round trip). Both deletes read the statement's snapshot, taken before either
  // runs, so the masters still referred to are those of the events the sweep keeps: the round's
  // generation. NOT IN over the mailbox's master ids, not a correlated NOT EXISTS: the subquery runs
  // once and is hashed whatever the statistics say. During an initial sync `events` grows faster
  // than autovacuum analyses it, and the planner then read the mailbox's events once per cached
  // master (50 ms a mailbox at 1,000 events). Rows without a master are left out: one NULL would
  // keep every master.
  const result = await tx.execute<{ id: string }>(sql`
    with swept_masters as (
      delete from series_masters sm
      where sm.tenant_id = ${tenantId} and sm.mailbox_id = ${mailboxId}
        and sm.source_id not in (
          select e.series_master_id from events e
          where e.tenant_id = ${tenantId} and e.mailbox_id = ${mailboxId} and e.generation >= ${generation}
            and e.series_master_id is not null))
    delete from events
    where tenant_id = ${tenantId} and mailbox_id = ${mailboxId} and generation < ${generation}
    returning id`);
  return result.rows.map((r) => r.id);
}
