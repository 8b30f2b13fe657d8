import type { GraphEvent } from '@calsync/graph-emulator/calendar';
import { decodeSyncState, diffFolder, encodeSyncState, type SyncChange } from '../mailbox-data/sync-state.ts';
import { renderCalendarItem } from '../render/calendar-item.ts';
import { child, text } from '../soap/parsed-node.ts';
import {
  renderEnvelope,
  renderErrorMessage,
  renderResponseMessages,
  renderSuccessMessage,
  type EwsError,
} from '../soap/render-response.ts';
import { element, escapeXml } from '../soap/xml-text.ts';
import { ERRORS, fault, response, type OperationContext, type OperationResult } from './context.ts';
import { resolveFolder } from './folder-target.ts';
import { ItemSources } from './item-sources.ts';
import { readItemShape } from './item-shape.ts';

/**
 * SyncFolderItems on a calendar: Create/Update/Delete of singles and series masters (never occurrences; an
 * edited occurrence is an Update of its master), at most MaxChangesReturned (1–512) per call,
 * IncludesLastItemInRange false while more remain. docs/exchange-ews.md §4.
 */
export function syncFolderItems(ctx: OperationContext): OperationResult {
  const body = ctx.request.body;
  const max = Number(text(body, 'MaxChangesReturned') ?? '');
  if (!Number.isInteger(max) || max < 1 || max > 512)
    return fault(ERRORS.schemaValidation('MaxChangesReturned must be between 1 and 512.'));
  const shape = readItemShape(child(body, 'ItemShape'), 'find');
  if (!shape.ok) return shape.asFault ? fault(shape.error) : error(shape.error);
  const target = resolveFolder(ctx, child(body, 'SyncFolderId'));
  if (!target.ok) return error(target.error);
  const folderKey = `${target.mailbox.address}:${target.folder}`;
  const givenState = text(body, 'SyncState') ?? '';
  const seen = givenState === '' ? new Map<string, string>() : decodeSyncState(givenState, folderKey)?.items;
  if (!seen)
    return error(
      {
        code: 'ErrorInvalidSyncStateData',
        message: 'Synchronization state data is corrupt or otherwise invalid.',
      },
      '<m:SyncState/><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange>',
    );

  const sources = new ItemSources(ctx.state, target.mailbox);
  const stored = target.folder === 'calendar' ? ctx.state.calendar.listEvents(target.mailbox.storeId) : [];
  const byId = new Map(stored.map((e) => [e.id, e]));
  const current = new Map(stored.map((e) => [e.id, sources.changeKeyOf(e)]));
  const { changes, next, complete } = diffFolder(seen, current, max);
  const changeXml = changes.map((change) => renderChange(change, sources, byId, shape.uris)).join('');
  const content =
    element('m:SyncState', encodeSyncState({ folderKey, items: next })) +
    element('m:IncludesLastItemInRange', complete) +
    `<m:Changes>${changeXml}</m:Changes>`;
  return response(
    renderEnvelope(
      'SyncFolderItems',
      renderResponseMessages([renderSuccessMessage('SyncFolderItems', content)]),
    ),
  );
}

function renderChange(
  change: SyncChange,
  sources: ItemSources,
  byId: Map<string, GraphEvent>,
  uris: ReadonlySet<string>,
): string {
  if (change.kind === 'Delete')
    return `<t:Delete><t:ItemId Id="${escapeXml(sources.itemIdOf(change.storedId))}"/></t:Delete>`;
  const event = byId.get(change.storedId);
  if (!event) return '';
  return `<t:${change.kind}>${renderCalendarItem(sources.source(event), uris, true)}</t:${change.kind}>`;
}

function error(e: EwsError, trailer?: string): OperationResult {
  return response(
    renderEnvelope(
      'SyncFolderItems',
      renderResponseMessages([renderErrorMessage('SyncFolderItems', { ...e, trailer })]),
    ),
  );
}
