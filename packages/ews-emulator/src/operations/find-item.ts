import { renderCalendarItem } from '../render/calendar-item.ts';
import { attr, child } from '../soap/parsed-node.ts';
import {
  renderEnvelope,
  renderErrorMessage,
  renderResponseMessages,
  renderSuccessMessage,
  type EwsError,
} from '../soap/render-response.ts';
import { fault, response, type OperationContext, type OperationResult } from './context.ts';
import { resolveFolder } from './folder-target.ts';
import { ItemSources } from './item-sources.ts';
import { readItemShape } from './item-shape.ts';

const TWO_YEARS_MS = 2 * 366 * 86_400_000;

/**
 * FindItem on a calendar. With CalendarView: singles, occurrences and exceptions overlapping the window
 * (recurrences expanded, no masters), truncated to MaxEntriesReturned with TotalItemsInView; without a view:
 * singles and series masters (paged by IndexedPageItemView). docs/exchange-ews.md §3.
 */
export function findItem(ctx: OperationContext): OperationResult {
  const body = ctx.request.body;
  const shape = readItemShape(child(body, 'ItemShape'), 'find');
  if (!shape.ok) return shape.asFault ? fault(shape.error) : error(shape.error);
  const target = resolveFolder(ctx, child(body, 'ParentFolderIds'));
  if (!target.ok) return error(target.error);
  if (target.folder !== 'calendar')
    return error({ code: 'ErrorInvalidOperation', message: 'Only calendar folders are emulated.' });
  const sources = new ItemSources(ctx.state, target.mailbox);
  const view = child(body, 'CalendarView');
  const storeId = target.mailbox.storeId;

  let events;
  let total: number;
  let includesLast: boolean;
  let pagingAttribute = '';
  if (view) {
    const start = Date.parse(attr(view, 'StartDate') ?? '');
    const end = Date.parse(attr(view, 'EndDate') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end))
      return fault({
        code: 'ErrorSchemaValidation',
        message: 'The request failed schema validation: StartDate/EndDate.',
      });
    if (end < start)
      return error({
        code: 'ErrorCalendarEndDateIsEarlierThanStartDate',
        message: 'EndDate is earlier than StartDate.',
      });
    if (end - start > TWO_YEARS_MS)
      return error({
        code: 'ErrorCalendarViewRangeTooBig',
        message: 'The calendar view range exceeds the maximum of two years.',
      });
    // Items ending exactly at StartDate are returned too (exchangelib's field note): clients dedupe at seams.
    const matches = ctx.state.calendar.calendarView(storeId, new Date(start - 1), new Date(end), 'UTC');
    const limit = ctx.state.options.findCountLimit;
    if (matches.length > limit)
      return error({
        code: 'ErrorExceededFindCountLimit',
        message:
          'You have exceeded the maximum number of objects that can be returned for the find operation. Use paging to reduce the result size and try your request again.',
        values: { PolicyLimit: limit },
      });
    const max = Number(attr(view, 'MaxEntriesReturned') ?? matches.length);
    events = matches.slice(0, max);
    total = matches.length;
    includesLast = events.length === matches.length;
  } else {
    const paging = child(body, 'IndexedPageItemView');
    const offset = Number(attr(paging, 'Offset') ?? 0);
    const stored = ctx.state.calendar.listEvents(storeId);
    const max = Number(attr(paging, 'MaxEntriesReturned') ?? stored.length);
    events = stored.slice(offset, offset + max);
    total = stored.length;
    includesLast = offset + events.length >= stored.length;
    pagingAttribute = ` IndexedPagingOffset="${offset + events.length}"`;
  }
  const items = events.map((e) => renderCalendarItem(sources.source(e), shape.uris, true)).join('');
  const rootFolder =
    `<m:RootFolder${pagingAttribute} TotalItemsInView="${total}" IncludesLastItemInRange="${includesLast}">` +
    `<t:Items>${items}</t:Items></m:RootFolder>`;
  return response(
    renderEnvelope('FindItem', renderResponseMessages([renderSuccessMessage('FindItem', rootFolder)])),
  );
}

function error(e: EwsError): OperationResult {
  return response(renderEnvelope('FindItem', renderResponseMessages([renderErrorMessage('FindItem', e)])));
}
