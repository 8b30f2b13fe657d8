import type { EwsMailbox } from '../directory/types.ts';
import { decodeFolderId } from '../mailbox-data/item-ids.ts';
import { attr, child, text, type XmlNode } from '../soap/parsed-node.ts';
import type { EwsError } from '../soap/render-response.ts';
import { canOpenMailbox, canReadCalendar } from './access.ts';
import { ERRORS, type OperationContext } from './context.ts';

/** The only folders the emulator models: every mailbox's Calendar and its root. */
export type FolderKind = 'calendar' | 'msgfolderroot';

export type FolderTarget =
  { ok: true; mailbox: EwsMailbox; folder: FolderKind } | { ok: false; error: EwsError };

/**
 * Resolves `<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>…` (explicit access to another
 * mailbox) or a `<t:FolderId>` from an earlier response, and checks the signed-in account may read it.
 */
export function resolveFolder(ctx: OperationContext, ids: XmlNode | undefined): FolderTarget {
  const distinguished = child(ids, 'DistinguishedFolderId');
  const folderId = child(ids, 'FolderId');
  let address: string;
  let folder: string;
  if (distinguished) {
    folder = (attr(distinguished, 'Id') ?? '').toLowerCase();
    address = text(child(distinguished, 'Mailbox'), 'EmailAddress') ?? ctx.account.userPrincipalName;
  } else if (folderId) {
    const decoded = decodeFolderId(attr(folderId, 'Id') ?? '');
    if (!decoded) return { ok: false, error: ERRORS.invalidIdMalformed() };
    address = decoded.mailbox;
    folder = decoded.folder;
  } else {
    return { ok: false, error: ERRORS.invalidRequest() };
  }
  ctx.addressMailbox(address);
  const mailbox = ctx.state.directory.mailbox(address);
  if (!mailbox) return { ok: false, error: ERRORS.nonExistentMailbox() };
  if (folder === 'root') folder = 'msgfolderroot';
  if (folder === 'calendar') {
    // Without any grant the folder is invisible: Exchange answers "not found", not "denied".
    return canReadCalendar(ctx.state, ctx.account, mailbox)
      ? { ok: true, mailbox, folder: 'calendar' }
      : { ok: false, error: ERRORS.folderNotFound() };
  }
  if (folder === 'msgfolderroot') {
    return canOpenMailbox(ctx.state, ctx.account, mailbox)
      ? { ok: true, mailbox, folder: 'msgfolderroot' }
      : { ok: false, error: ERRORS.accessDenied() };
  }
  return { ok: false, error: ERRORS.folderNotFound() };
}
