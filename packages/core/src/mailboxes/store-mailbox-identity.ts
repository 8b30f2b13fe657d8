import { and, eq } from 'drizzle-orm';
import { mailboxes, writeAsTenant, type Database } from '../db/index.ts';

/** Records a mailbox's directory object id and UPN once the back end resolved them. */
export async function storeMailboxIdentity(
  db: Database,
  tenantId: string,
  mailboxId: string,
  identity: { directoryId: string; userPrincipalName: string | null },
): Promise<void> {
  await writeAsTenant(db, tenantId, (tx) =>
    tx
      .update(mailboxes)
      .set({ ...identity, updatedAt: new Date() })
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId))),
  );
}
