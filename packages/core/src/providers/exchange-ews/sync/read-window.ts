import type { Logger } from '../../../observability/index.ts';
import type { SourceEvent } from '../../../sync/source-event.ts';
import type { EwsCalendarItem } from '../calendar-item.ts';
import { bisectWindow, dedupeByItemId, splitWindow, type TimeWindow } from '../calendar-view-windows.ts';
import { classifyEwsProblem, windowTooLarge } from '../classify-ews-error.ts';
import { EwsRequestError, type EwsClient } from '../ews-client.ts';
import { mapCalendarItem } from '../map-calendar-item.ts';
import type { EwsCaller } from './ews-caller.ts';

/** EWSFindCountLimit's default: a larger view is refused, a smaller MaxEntriesReturned truncates (§3.1). */
export const VIEW_MAX_ENTRIES = 1000;
/** Microsoft's suggested GetItem batch for sync clients (§5). */
export const GET_ITEM_BATCH = 10;

export interface WindowReader {
  /** Every item of the view over `window` (ids and change keys), halving sub-windows that are cut or refused. */
  viewItems(window: TimeWindow): Promise<EwsCalendarItem[]>;
  /** Full rows of these items by GetItem; ids gone meanwhile come back in `missing`. */
  details(itemIds: readonly string[]): Promise<{ rows: SourceEvent[]; missing: string[] }>;
}

export function createWindowReader(input: {
  client: EwsClient;
  call: EwsCaller;
  mailbox: string;
  maskPrivate: boolean;
  logger: Logger;
  mailboxId: string;
}): WindowReader {
  const { client, call, mailbox } = input;

  async function readOne(window: TimeWindow): Promise<EwsCalendarItem[]> {
    try {
      const page = await call(() => client.findCalendarView(mailbox, window, VIEW_MAX_ENTRIES));
      if (page.includesLastItemInRange) return page.items;
    } catch (error) {
      if (!(error instanceof EwsRequestError && windowTooLarge(error.problem))) throw error;
    }
    const halves = bisectWindow(window);
    if (!halves)
      throw new EwsRequestError({
        source: 'message',
        code: 'ErrorExceededFindCountLimit',
        message: `more than ${VIEW_MAX_ENTRIES} items within one hour from ${window.start.toISOString()}`,
        values: {},
        status: 200,
      });
    return dedupeByItemId([await readOne(halves[0]), await readOne(halves[1])]);
  }

  return {
    async viewItems(window) {
      const pages: EwsCalendarItem[][] = [];
      for (const sub of splitWindow(window)) pages.push(await readOne(sub));
      return dedupeByItemId(pages);
    },
    async details(itemIds) {
      const rows: SourceEvent[] = [];
      const missing: string[] = [];
      for (let at = 0; at < itemIds.length; at += GET_ITEM_BATCH) {
        const batch = itemIds.slice(at, at + GET_ITEM_BATCH);
        const results = await call(() => client.getItems(batch));
        results.forEach((result, index) => {
          if (!result.ok) {
            // Deleted between the view and GetItem: gone, like a removal. Anything else fails the page.
            if (classifyEwsProblem(result.problem).kind === 'item-missing') missing.push(batch[index] ?? '');
            else throw new EwsRequestError(result.problem);
            return;
          }
          const mapped = mapCalendarItem(result.value, { maskPrivate: input.maskPrivate });
          if (mapped.ok) rows.push(mapped.row);
          else
            input.logger.warn(
              { mailboxId: input.mailboxId, sourceId: result.value.itemId, reason: mapped.reason },
              'skipped an item that cannot be mapped',
            );
        });
      }
      return { rows, missing };
    },
  };
}
