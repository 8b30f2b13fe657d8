import { GRAPH_ID_TYPE } from '../graph/immutable-id-preference.ts';
import { loadConnectorCredential } from '../identity/load-credential.ts';
import type { SecretBox } from '../../../crypto/index.ts';
import type { Database } from '../../../db/index.ts';
import type { PageAction } from '../../../sync/page-changes.ts';
import type { SyncTarget } from '../../../sync/sync-target.ts';
import type { SyncWindow } from '../../../sync/sync-window.ts';
import type { SourcePage, SyncProvider, SyncSession, SyncSessionContext } from '../../sync-source.ts';
import { classifyMicrosoftFailure, MailboxNotAddressableError } from '../classify-failure.ts';
import { isGraphRequestError } from '../graph/graph-request-error.ts';
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
import { readGraphMailboxTimeZone } from './mailbox-time-zone.ts';
import { mailboxKey } from './mailbox-identity.ts';
import { createSeriesInstancesReader, type SeriesInstancesReader } from './series-instances.ts';
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
    // Every Graph request asks for immutable ids (graph/immutable-id-preference.ts).
    idType: GRAPH_ID_TYPE,
    async openSession(target, context) {
      const credential = await loadConnectorCredential(
        deps,
        target.tenantId,
        target.connectorId,
        target.sealedConnector,
      );
      return openCalendarViewSession(deps.createGraphClientFor(credential), target, context);
    },
  };
}

async function openCalendarViewSession(
  graph: ReturnType<CreateGraphClientFor>,
  target: SyncTarget,
  context: SyncSessionContext,
): Promise<SyncSession> {
  const caller = createGraphCaller({
    graph,
    redis: context.redis,
    keyPrefix: context.keyPrefix,
    connectorId: target.connectorId,
    stats: context.stats,
    maxInlineWaitMs: context.maxInlineWaitMs,
  });
  // By object id once known: a primary SMTP address that differs from the UPN, or changes, fails (§9.6).
  const userPath = `/users/${encodeURIComponent(await mailboxKey(caller, context.db, target))}`;
  const masters = createMasterResolver({
    db: context.db,
    caller,
    tenantId: target.tenantId,
    mailboxId: target.mailboxId,
    userPath,
  });
  const headers = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${context.pageSize}` };
  const series = createSeriesInstancesReader({
    caller,
    userPath,
    headers,
    maskPrivate: target.maskPrivate,
    logger: context.logger,
    mailboxId: target.mailboxId,
  });
  // The window the cursor was opened for: a series is re-read over the same one.
  const { windowStart, windowEnd } = target.state;
  let window: SyncWindow | null = windowStart && windowEnd ? { start: windowStart, end: windowEnd } : null;
  const page = { masters, series, window: () => window };

  return {
    // A link stored under another Graph origin (CALSYNC_GRAPH_BASE_URL changed) would be refused.
    acceptsCursor: (cursor) => graph.isOwnLink(cursor),
    readMailboxTimeZone: () => readGraphMailboxTimeZone(caller, userPath, context.logger),
    fullRoundCursor(roundWindow: SyncWindow) {
      window = roundWindow;
      const query = new URLSearchParams({
        startDateTime: roundWindow.start.toISOString(),
        endDateTime: roundWindow.end.toISOString(),
      });
      return `${userPath}/calendarView/delta?${query.toString()}`;
    },
    async fetchPage(cursor, round): Promise<SourcePage> {
      const res = await caller.get<unknown>(cursor, headers).catch((err: unknown) => {
        throw classifyMicrosoftFailure(err).kind === 'item-missing' && isGraphRequestError(err)
          ? new MailboxNotAddressableError(err.code, err.message)
          : err;
      });
      const body = graphEventPageSchema.parse(res.body);
      const nextLink = body['@odata.nextLink'];
      const deltaLink = body['@odata.deltaLink'];
      if (!nextLink && !deltaLink) throw new Error('delta page has neither nextLink nor deltaLink');
      const parsed = body.value.map(parseGraphDeltaItem);
      const { actions, delivered } = await toChanges(context, target, page, parsed, round.full);
      return {
        changes: actions,
        itemIds: parsed.flatMap(itemId),
        next: nextLink ? { kind: 'more', cursor: nextLink } : { kind: 'done', cursor: deltaLink ?? '' },
        seriesMasters: delivered.length > 0 ? masters.deliveredRows(delivered) : undefined,
      };
    },
  };
}

function itemId(item: ParsedDeltaItem): string[] {
  if (item.kind === 'event') return [item.event.id];
  if (item.kind === 'removed') return [item.id];
  return [];
}

interface PageReaders {
  masters: MasterResolver;
  series: SeriesInstancesReader;
  window: () => SyncWindow | null;
}

const isSeriesMaster = (event: GraphEventDto): boolean => event.type?.toLowerCase() === 'seriesmaster';

async function toChanges(
  context: SyncSessionContext,
  target: SyncTarget,
  { masters, series, window }: PageReaders,
  items: ParsedDeltaItem[],
  fullRound: boolean,
): Promise<{ actions: PageAction[]; delivered: GraphEventDto[] }> {
  const stripped: GraphEventDto[] = [];
  const delivered: GraphEventDto[] = [];
  for (const item of items) {
    if (item.kind !== 'event') continue;
    if (isSeriesMaster(item.event)) delivered.push(item.event);
    else if (isStrippedOccurrence(item.event)) stripped.push(item.event);
  }
  masters.acceptDelivered(delivered);
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
    // A master is never a row (its start is the first occurrence's): its occurrences are.
    if (isSeriesMaster(item.event)) continue;
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
  // A full round reads every occurrence in the window and sweeps the rest: no series needs re-reading.
  if (fullRound) return { actions, delivered };
  return { actions: [...actions, ...(await reconcileSeries(delivered, series, window()))], delivered };
}

/**
 * An incremental round sends a master only when its series changed, and its change key need not change
 * when one occurrence is deleted; so each delivered master's series is re-read, after the page's own
 * items, and what `/instances` answers wins over the page's stubs (docs/microsoft-graph.md §9.3).
 */
async function reconcileSeries(
  delivered: readonly GraphEventDto[],
  series: SeriesInstancesReader,
  window: SyncWindow | null,
): Promise<PageAction[]> {
  if (delivered.length === 0) return [];
  if (!window) throw new Error('a series changed but the round has no window to re-read it in');
  const actions: PageAction[] = [];
  const masters = new Map(delivered.map((m) => [m.id, m]));
  for (const master of masters.values()) actions.push(await series.readSeries(master, window));
  return actions;
}
