import { sql } from 'drizzle-orm';
import type { Tx } from '../db/index.ts';
import type { CachedSeriesMaster } from '../providers/sync-source.ts';

/** A delivered series master and the mailbox whose page delivered it. */
export type MailboxSeriesMaster = CachedSeriesMaster & { mailboxId: string };

/**
 * Keeps the series masters pages delivered, in the pages' transaction (one statement for any number
 * of mailboxes): the cache never holds a master its occurrences' page did not commit with.
 */
export async function cacheSeriesMasters(
  tx: Tx,
  tenantId: string,
  masters: readonly MailboxSeriesMaster[],
): Promise<void> {
  if (masters.length === 0) return;
  const p = sql.param;
  await tx.execute(sql`
    insert into series_masters (tenant_id, mailbox_id, source_id, change_key, data, fetched_at)
    select ${tenantId}::uuid, u.mailbox_id, u.source_id, u.change_key, u.data::jsonb, now()
    from unnest(${p(masters.map((m) => m.mailboxId))}::uuid[], ${p(masters.map((m) => m.sourceId))}::text[],
      ${p(masters.map((m) => m.changeKey))}::text[], ${p(masters.map((m) => JSON.stringify(m.data)))}::text[])
      as u(mailbox_id, source_id, change_key, data)
    on conflict (tenant_id, mailbox_id, source_id) do update set
      change_key = excluded.change_key, data = excluded.data, fetched_at = excluded.fetched_at`);
}
