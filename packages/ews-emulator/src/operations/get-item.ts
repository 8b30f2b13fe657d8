import { decodeItemId } from '../mailbox-data/item-ids.ts';
import { renderCalendarItem } from '../render/calendar-item.ts';
import { attr, child, children } from '../soap/parsed-node.ts';
import {
  renderEnvelope,
  renderErrorMessage,
  renderResponseMessages,
  renderSuccessMessage,
} from '../soap/render-response.ts';
import { canReadCalendar } from './access.ts';
import { ERRORS, fault, response, type OperationContext, type OperationResult } from './context.ts';
import { ItemSources } from './item-sources.ts';
import { readItemShape } from './item-shape.ts';

/**
 * GetItem: one response message per requested id, each succeeding or failing on its own (a batch partially
 * succeeds). Ids embed their mailbox, so no address is needed ("implicit access").
 */
export function getItem(ctx: OperationContext): OperationResult {
  const shape = readItemShape(child(ctx.request.body, 'ItemShape'), 'get');
  if (!shape.ok) return fault(shape.error);
  const messages: string[] = [];
  for (const idNode of children(child(ctx.request.body, 'ItemIds'), 'ItemId')) {
    const decoded = decodeItemId(attr(idNode, 'Id') ?? '');
    if (!decoded) {
      messages.push(renderErrorMessage('GetItem', ERRORS.invalidIdMalformed()));
      continue;
    }
    ctx.addressMailbox(decoded.mailbox);
    const mailbox = ctx.state.directory.mailbox(decoded.mailbox);
    if (!mailbox) {
      messages.push(renderErrorMessage('GetItem', ERRORS.itemNotFound()));
      continue;
    }
    if (!canReadCalendar(ctx.state, ctx.account, mailbox)) {
      messages.push(renderErrorMessage('GetItem', ERRORS.accessDenied()));
      continue;
    }
    const event = ctx.state.calendar.getEvent(mailbox.storeId, decoded.storeId, 'UTC');
    if (!event) {
      messages.push(renderErrorMessage('GetItem', ERRORS.itemNotFound()));
      continue;
    }
    const item = renderCalendarItem(new ItemSources(ctx.state, mailbox).source(event), shape.uris, false);
    messages.push(renderSuccessMessage('GetItem', `<m:Items>${item}</m:Items>`));
  }
  return response(renderEnvelope('GetItem', renderResponseMessages(messages)));
}
