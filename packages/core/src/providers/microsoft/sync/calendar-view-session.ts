import { loadConnectorCredential } from '../../../connectors/connector-credential.ts';
import type { SecretBox } from '../../../crypto/index.ts';
import type { Database } from '../../../db/index.ts';
import type { PageAction } from '../../../sync/page-changes.ts';
import type { SyncTarget } from '../../../sync/sync-target.ts';
import type { SyncWindow } from '../../../sync/sync-window.ts';
import type { SourcePage, SyncProvider, SyncSession, SyncSessionContext } from '../../sync-source.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import type { CreateGraphClientFor } from '../connector-graph-client.ts';
import {
  graphEventPageSchema,
  isStrippedOccurrence,
  parseGraphDeltaItem,
  type GraphEventDto,
  type ParsedDeltaItem,
} from '../events/event-dto.ts';
import { mapGraphEvent } from '../events/map-event.ts';
import { createGraphCaller } from './graph-caller.ts';
import { createMasterResolver, type MasterResolver } from './series-masters.ts';

export interface MicrosoftSyncDeps {
  db: Database;
  secretBox: SecretBox;
  createGraphClientFor: CreateGraphClientFor;
}

/**
 * Sync through Graph's calendarView/delta (docs/microsoft-graph.md §3): the cursor is the
 * nextLink or deltaLink Graph handed out, a full round starts at calendarView/delta over the
 * window, and stripped occurrences are filled from their series masters.
 */
export function createMicrosoftSyncProvider(deps: MicrosoftSyncDeps): SyncProvider {
  return {
    classify: classifyMicrosoftFailure,
    async openSession(target, context) {
      const credential = await loadConnectorCredential(deps, target.tenantId, target.connectorId);
      return openCalendarViewSession(deps.createGraphClientFor(credential), target, context);
    },
  };
}

function openCalendarViewSession(
  graph: ReturnType<CreateGraphClientFor>,
  target: SyncTarget,
  context: SyncSessionContext,
): SyncSession {
  const caller = createGraphCaller({
    graph,
    redis: context.redis,
    keyPrefix: context.keyPrefix,
    connectorId: target.connectorId,
    stats: context.stats,
    maxInlineWaitMs: context.maxInlineWaitMs,
  });
  const userPath = `/users/${encodeURIComponent(target.address)}`;
  const masters = createMasterResolver({
    db: context.db,
    caller,
    tenantId: target.tenantId,
    mailboxId: target.mailboxId,
    userPath,
  });
  const headers = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${context.pageSize}` };

  return {
    // A link stored under another Graph origin (CALSYNC_GRAPH_BASE_URL changed) would be refused.
    acceptsCursor: (cursor) => graph.isOwnLink(cursor),
    fullRoundCursor(window: SyncWindow) {
      const query = new URLSearchParams({
        startDateTime: window.start.toISOString(),
        endDateTime: window.end.toISOString(),
      });
      return `${userPath}/calendarView/delta?${query.toString()}`;
    },
    async fetchPage(cursor): Promise<SourcePage> {
      const res = await caller.get<unknown>(cursor, headers);
      const page = graphEventPageSchema.parse(res.body);
      const nextLink = page['@odata.nextLink'];
      const deltaLink = page['@odata.deltaLink'];
      if (!nextLink && !deltaLink) throw new Error('delta page has neither nextLink nor deltaLink');
      const parsed = page.value.map(parseGraphDeltaItem);
      return {
        changes: await toChanges(context, target, masters, parsed),
        itemIds: parsed.flatMap(itemId),
        next: nextLink ? { kind: 'more', cursor: nextLink } : { kind: 'done', cursor: deltaLink ?? '' },
      };
    },
  };
}

function itemId(item: ParsedDeltaItem): string[] {
  if (item.kind === 'event') return [item.event.id];
  if (item.kind === 'removed') return [item.id];
  return [];
}

async function toChanges(
  context: SyncSessionContext,
  target: SyncTarget,
  masters: MasterResolver,
  items: ParsedDeltaItem[],
): Promise<PageAction[]> {
  const stripped: GraphEventDto[] = [];
  for (const item of items)
    if (item.kind === 'event' && isStrippedOccurrence(item.event)) stripped.push(item.event);
  const resolved = stripped.length > 0 ? await masters.resolveForPage(stripped) : new Map<string, null>();
  const actions: PageAction[] = [];
  for (const item of items) {
    if (item.kind === 'removed') {
      actions.push({ kind: 'remove', sourceId: item.id });
      continue;
    }
    if (item.kind === 'invalid') {
      context.logger.warn(
        { mailboxId: target.mailboxId, sourceId: item.id, issues: item.issues },
        'skipped an invalid delta item',
      );
      continue;
    }
    // calendarView never lists masters; should one appear, its occurrences carry the data.
    if (item.event.type?.toLowerCase() === 'seriesmaster') continue;
    const master = item.event.seriesMasterId
      ? (resolved.get(item.event.seriesMasterId) ?? undefined)
      : undefined;
    const mapped = mapGraphEvent(item.event, { master, maskPrivate: target.maskPrivate });
    if (mapped.ok) {
      actions.push({ kind: 'upsert', row: mapped.row });
    } else {
      // A master deleted mid-round: delta reports its occurrences removed next round.
      context.logger.warn(
        { mailboxId: target.mailboxId, sourceId: item.event.id, reason: mapped.reason },
        'skipped an event that cannot be mapped',
      );
    }
  }
  return actions;
}
