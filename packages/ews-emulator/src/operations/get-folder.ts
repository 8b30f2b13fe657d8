import { calendarFolderName } from '../directory/calendar-folder-names.ts';
import { encodeFolderId, makeChangeKey } from '../mailbox-data/item-ids.ts';
import { attr, child, children, text } from '../soap/parsed-node.ts';
import {
  renderEnvelope,
  renderErrorMessage,
  renderResponseMessages,
  renderSuccessMessage,
} from '../soap/render-response.ts';
import { element, escapeXml } from '../soap/xml-text.ts';
import { ERRORS, response, type OperationContext, type OperationResult } from './context.ts';
import { resolveFolder } from './folder-target.ts';

/**
 * GetFolder for the calendar (`CalendarFolder`, DisplayName in the mailbox's language) or the mailbox root
 * (`Folder`, needs FullAccess). Diagnostics use the pair to tell a missing FullAccess from a missing Reviewer.
 */
export function getFolder(ctx: OperationContext): OperationResult {
  const body = ctx.request.body;
  const shape = child(body, 'FolderShape');
  const base = text(shape, 'BaseShape') ?? 'Default';
  const extra = children(child(shape, 'AdditionalProperties'), 'FieldURI').map((f) => attr(f, 'FieldURI'));
  const withDetails = base !== 'IdOnly';
  const withName = withDetails || extra.includes('folder:DisplayName');
  const ids = child(body, 'FolderIds');
  const targets = [
    ...children(ids, 'DistinguishedFolderId').map((d) => ({ DistinguishedFolderId: d })),
    ...children(ids, 'FolderId').map((f) => ({ FolderId: f })),
  ];
  if (targets.length === 0)
    return response(
      renderEnvelope(
        'GetFolder',
        renderResponseMessages([renderErrorMessage('GetFolder', ERRORS.invalidRequest())]),
      ),
    );
  const messages = targets.map((ids) => {
    const target = resolveFolder(ctx, ids);
    if (!target.ok) return renderErrorMessage('GetFolder', target.error);
    const isCalendar = target.folder === 'calendar';
    const tag = isCalendar ? 't:CalendarFolder' : 't:Folder';
    const id = encodeFolderId(target.mailbox.address, target.folder);
    const count = isCalendar ? ctx.state.calendar.listEvents(target.mailbox.storeId).length : 0;
    const name = isCalendar ? calendarFolderName(target.mailbox.culture) : 'Top of Information Store';
    const folder =
      `<${tag}><t:FolderId Id="${escapeXml(id)}" ChangeKey="${makeChangeKey(id)}"/>` +
      (withName ? element('t:DisplayName', name) : '') +
      (withDetails ? element('t:TotalCount', count) + element('t:ChildFolderCount', 0) : '') +
      `</${tag}>`;
    return renderSuccessMessage('GetFolder', `<m:Folders>${folder}</m:Folders>`);
  });
  return response(renderEnvelope('GetFolder', renderResponseMessages(messages)));
}
