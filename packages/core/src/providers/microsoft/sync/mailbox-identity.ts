import type { Database } from '../../../db/index.ts';
import { storeMailboxIdentity } from '../../../mailboxes/store-mailbox-identity.ts';
import type { SyncTarget } from '../../../sync/sync-target.ts';
import { lookUpGraphUser } from '../directory/graph-directory.ts';
import type { createGraphCaller } from './graph-caller.ts';

/**
 * The object id the mailbox is called by (docs/microsoft-graph.md §9.6). A mailbox added without one (at
 * connector creation, by the room directory, or while User.Read.All was missing) is resolved when it
 * has no cursor — its first sync, and after its sync state was dropped — and the id is stored; until
 * then, and when the directory cannot tell, the address is used.
 */
export async function mailboxKey(
  caller: ReturnType<typeof createGraphCaller>,
  db: Database,
  target: SyncTarget,
): Promise<string> {
  if (target.directoryId !== null) return target.directoryId;
  if (target.state.cursor !== null || target.state.resumeCursor !== null) return target.address;
  const user = await lookUpGraphUser((path) => caller.get<unknown>(path, {}), target.address);
  if (!user) return target.address;
  await storeMailboxIdentity(db, target.tenantId, target.mailboxId, {
    directoryId: user.id,
    userPrincipalName: user.userPrincipalName,
  });
  return user.id;
}
