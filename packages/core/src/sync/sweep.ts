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
  const result = await tx.execute<{ id: string }>(sql`
    delete from events
    where tenant_id = ${tenantId} and mailbox_id = ${mailboxId} and generation < ${generation}
    returning id`);
  await tx.execute(sql`
    delete from series_masters sm
    where sm.tenant_id = ${tenantId} and sm.mailbox_id = ${mailboxId}
      and not exists (
        select 1 from events e
        where e.tenant_id = sm.tenant_id and e.mailbox_id = sm.mailbox_id and e.series_master_id = sm.source_id)`);
  return result.rows.map((r) => r.id);
}
