import { and, eq } from 'drizzle-orm';
import { events, withTenant, type Database } from '../../../db/index.ts';

/** Source id → change key of every event stored for a mailbox: what a re-read window is compared with. */
export async function storedVersions(
  db: Database,
  tenantId: string,
  mailboxId: string,
): Promise<Map<string, string | null>> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ sourceId: events.sourceId, changeKey: events.changeKey })
      .from(events)
      .where(and(eq(events.tenantId, tenantId), eq(events.mailboxId, mailboxId))),
  );
  return new Map(rows.map((r) => [r.sourceId, r.changeKey]));
}
