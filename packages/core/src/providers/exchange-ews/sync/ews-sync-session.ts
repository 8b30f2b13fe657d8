import type { PageAction } from '../../../sync/page-changes.ts';
import type { SyncTarget } from '../../../sync/sync-target.ts';
import type { SourcePage, SyncProvider, SyncSession, SyncSessionContext } from '../../sync-source.ts';
import { splitWindow } from '../calendar-view-windows.ts';
import { classifyEwsFailure, type EwsClient } from '../ews-client.ts';
import type { EwsConnections } from '../ews-connections.ts';
import { createEwsCaller } from './ews-caller.ts';
import { decodeCursor, encodeCursor, fromTuple, toTuple, type EwsCursor } from './ews-cursor.ts';
import { createWindowReader, type WindowReader } from './read-window.ts';
import { storedVersions } from './stored-versions.ts';

/** SyncFolderItems' largest page (§4.1): a baseline of a big calendar takes few calls. */
export const SYNC_MAX_CHANGES = 512;

/**
 * Sync through EWS (docs/exchange-ews.md §4.3). A full round baselines SyncFolderItems, then reads the
 * window one CalendarView sub-window per page with GetItem for every item (the engine sweeps what it did not
 * see). A delta round asks SyncFolderItems whether the calendar changed — one request for an unchanged
 * mailbox — and only then re-reads the window, fetches new or changed items (ItemId + ChangeKey) and removes
 * stored rows the window no longer has, all in one page so a crash repeats the round instead of halving it.
 */
export function createEwsSyncProvider(connections: EwsConnections): SyncProvider {
  return {
    classify: classifyEwsFailure,
    async openSession(target, context) {
      const { client } = await connections.for(target);
      return openEwsSession(client, target, context);
    },
  };
}

function openEwsSession(client: EwsClient, target: SyncTarget, context: SyncSessionContext): SyncSession {
  const call = createEwsCaller({
    redis: context.redis,
    keyPrefix: context.keyPrefix,
    connectorId: target.connectorId,
    stats: context.stats,
    requestCount: () => client.requestCount(),
    maxInlineWaitMs: context.maxInlineWaitMs,
  });
  const reader = createWindowReader({
    client,
    call,
    mailbox: target.address,
    maskPrivate: target.maskPrivate,
    logger: context.logger,
    mailboxId: target.mailboxId,
  });
  const syncFolder = (state: string | null) =>
    call(() => client.syncFolderItems(target.address, state, SYNC_MAX_CHANGES));
  const page = (changes: PageAction[], itemIds: string[], next: SourcePage['next']): SourcePage => ({
    changes,
    itemIds,
    next,
  });

  return {
    acceptsCursor: (cursor) => decodeCursor(cursor) !== undefined,
    fullRoundCursor: (window) =>
      encodeCursor({ v: 1, phase: 'baseline', window: toTuple(window), syncState: null }),
    async fetchPage(raw) {
      const cursor = decodeCursor(raw);
      if (!cursor) throw new Error('not an EWS cursor');
      switch (cursor.phase) {
        case 'baseline': {
          const result = await syncFolder(cursor.syncState);
          const next: EwsCursor = result.includesLastItemInRange
            ? {
                v: 1,
                phase: 'view',
                window: cursor.window,
                syncState: result.syncState,
                pending: splitWindow(fromTuple(cursor.window)).map(toTuple),
              }
            : { ...cursor, syncState: result.syncState };
          return page([], [], { kind: 'more', cursor: encodeCursor(next) });
        }
        case 'view': {
          const [sub, ...rest] = cursor.pending;
          if (!sub) throw new Error('view cursor without a pending window');
          const window = fromTuple(sub);
          const items = await reader.viewItems(window);
          const { rows } = await reader.details(items.map((i) => i.itemId));
          // Items crossing in from the previous sub-window were reported there: the loop guard counts new ones.
          const itemIds = rows.filter((r) => r.startAt >= window.start).map((r) => r.sourceId);
          const next: EwsCursor =
            rest.length > 0
              ? { ...cursor, pending: rest }
              : { v: 1, phase: 'delta', window: cursor.window, syncState: cursor.syncState };
          return page(
            rows.map((row) => ({ kind: 'upsert', row })),
            itemIds,
            { kind: rest.length > 0 ? 'more' : 'done', cursor: encodeCursor(next) },
          );
        }
        case 'delta':
          return deltaPage(cursor, { syncFolder, reader, target, context });
      }
    },
  };
}

async function deltaPage(
  cursor: Extract<EwsCursor, { phase: 'delta' }>,
  deps: {
    syncFolder: (state: string | null) => ReturnType<EwsClient['syncFolderItems']>;
    reader: WindowReader;
    target: SyncTarget;
    context: SyncSessionContext;
  },
): Promise<SourcePage> {
  let syncState = cursor.syncState;
  let changed = false;
  for (let last = false; !last;) {
    const result = await deps.syncFolder(syncState);
    syncState = result.syncState;
    last = result.includesLastItemInRange;
    changed ||= result.changes.some((c) => c.kind !== 'readFlagChange');
  }
  const next = { kind: 'done' as const, cursor: encodeCursor({ ...cursor, syncState }) };
  if (!changed) return { changes: [], itemIds: [], next };

  const seen = await deps.reader.viewItems(fromTuple(cursor.window));
  const stored = await storedVersions(deps.context.db, deps.target.tenantId, deps.target.mailboxId);
  const changedIds = seen
    .filter((item) => !stored.has(item.itemId) || stored.get(item.itemId) !== item.changeKey)
    .map((item) => item.itemId);
  const { rows, missing } = await deps.reader.details(changedIds);
  const seenIds = new Set(seen.map((i) => i.itemId));
  const removals = [...[...stored.keys()].filter((id) => !seenIds.has(id)), ...missing];
  return {
    changes: [
      ...rows.map((row): PageAction => ({ kind: 'upsert', row })),
      ...removals.map((sourceId): PageAction => ({ kind: 'remove', sourceId })),
    ],
    itemIds: [...rows.map((r) => r.sourceId), ...removals],
    next,
  };
}
