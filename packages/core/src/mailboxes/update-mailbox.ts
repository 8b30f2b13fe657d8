import type { Core } from '../create-core.ts';
import { isUuid, withTenant, type MailboxRow } from '../db/index.ts';
import { notFound } from '../errors/index.ts';
import { setMailboxTimeZone } from '../calendar/mailbox-time-zone.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { findMailboxById } from './mailbox-repository.ts';

export interface UpdateMailboxInput {
  /** IANA zone used while the mailbox's own settings cannot be read; null clears it. Omitted: unchanged. */
  timeZone?: string | null | undefined;
}

/** updateMailbox: the settings an administrator may set on one mailbox. */
export async function updateMailbox(
  core: Pick<Core, 'db'>,
  principal: Principal,
  id: string,
  input: UpdateMailboxInput,
): Promise<MailboxRow> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  if (!isUuid(id)) throw notFound('mailbox');
  if (input.timeZone !== undefined) await setMailboxTimeZone(core.db, tenantId, id, input.timeZone);
  const row = await withTenant(core.db, tenantId, (tx) => findMailboxById(tx, tenantId, id));
  if (!row) throw notFound('mailbox');
  return row;
}
