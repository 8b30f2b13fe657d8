import type { DeltaItem } from '../calendar/index.ts';
import type { HttpResult } from '../http/types.ts';
import type { MailboxRequest } from './calendar-routes.ts';
import { readTimeWindow, withTimeZone } from './calendar-routes.ts';
import { TEXT_BODY_APPLIED, toTextBody, wantsTextBody } from './body-content-type.ts';
import { graphError } from './graph-error.ts';
import { getQueryParam, parsePrefer } from './odata.ts';
import { odataOk } from './respond.ts';

const REJECTED_OPTIONS = ['$select', '$filter', '$orderby', '$expand', '$search'];
const DEFAULT_PAGE = 10;
const EVENT_TYPE = '#microsoft.graph.event';

/** What our $skiptoken/$deltatoken carry: the window and mailbox (Graph's tokens encode the initial query), plus the store's token. */
interface LinkToken {
  m: string;
  s: string;
  e: string;
  t?: string | undefined;
  /** Set on the nextLink of an emptyFirstPage fault (one value per firing): it leads to the real first page. */
  f?: string | undefined;
}

function encodeLinkToken(t: LinkToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeLinkToken(raw: string): LinkToken | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.m !== 'string' || typeof o.s !== 'string' || typeof o.e !== 'string') return undefined;
    if (o.t !== undefined && typeof o.t !== 'string') return undefined;
    if (o.f !== undefined && typeof o.f !== 'string') return undefined;
    return { m: o.m, s: o.s, e: o.e, t: o.t, f: o.f };
  } catch {
    return undefined;
  }
}

/** GET /users/{id}/calendarView/delta (graph-spec §3). */
export function handleDelta(r: MailboxRequest, appId: string, immutableIds = false): HttpResult {
  const { ctx, state, mailbox } = r;
  const now = state.clock.now();
  const params = ctx.url.searchParams;
  const rejected = REJECTED_OPTIONS.filter((o) => getQueryParam(params, o) !== undefined);
  if (rejected.length > 0) {
    return graphError(
      ctx,
      now,
      400,
      'ErrorInvalidUrlQuery',
      `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${rejected.join(', ')}'.`,
    );
  }

  const skipToken = getQueryParam(params, '$skiptoken');
  const deltaToken = getQueryParam(params, '$deltatoken');
  const rawToken = skipToken || deltaToken || undefined;
  let link: LinkToken;
  if (rawToken !== undefined) {
    const decoded = decodeLinkToken(rawToken);
    if (!decoded || decoded.m !== mailbox.id) {
      return graphError(
        ctx,
        now,
        400,
        'ErrorInvalidUrlQuery',
        'The sync state data is invalid or does not belong to this folder.',
      );
    }
    link = decoded;
  } else {
    const window = readTimeWindow(r);
    if ('status' in window) return window;
    link = { m: mailbox.id, s: window.start.toISOString(), e: window.end.toISOString() };
  }
  const linkBase = `${ctx.origin}/v1.0/users/${mailbox.id}/calendarView/delta`;
  const target = {
    route: 'delta',
    path: ctx.path,
    mailboxKeys: [mailbox.id.toLowerCase(), mailbox.address.toLowerCase()],
  };

  const gone = state.faults.take(['syncStateNotFound'], target);
  if (gone) return syncStateNotFound(r, link, gone.location === true);

  const applied = ['odata.track-changes'];
  const prefer = parsePrefer(ctx.req.headers.prefer);
  let pageSize = DEFAULT_PAGE;
  const requested = Number.parseInt(prefer.get('odata.maxpagesize') ?? '', 10);
  if (Number.isFinite(requested) && requested > 0) {
    pageSize = requested;
    applied.push(`odata.maxpagesize=${requested}`);
  }

  // A link that already answers an empty first page must not get another one: each firing hands out
  // its own nextLink, and following it serves the real first page.
  const empty =
    link.t === undefined && link.f === undefined ? state.faults.take(['emptyFirstPage'], target) : undefined;
  if (empty) {
    const next: LinkToken = { m: link.m, s: link.s, e: link.e, f: `${empty.id}.${empty.fired}` };
    return odataOk(
      {
        '@odata.context': `${ctx.origin}/v1.0/$metadata#Collection(event)`,
        '@odata.nextLink': `${linkBase}?$skiptoken=${encodeLinkToken(next)}`,
        value: [],
      },
      applied,
    );
  }
  const oversized = state.faults.take(['oversizedPage'], target);
  const effectivePageSize = oversized ? pageSize * (oversized.factor ?? 10) : pageSize;

  const { value: result, applied: tzApplied } = withTimeZone(ctx, (tz) =>
    state.calendar.deltaPage({
      appId,
      mailboxId: mailbox.id,
      startUtc: new Date(link.s),
      endUtc: new Date(link.e),
      token: link.t,
      pageSize: effectivePageSize,
      timeZone: tz,
      immutableIds,
      seriesMasters: state.behaviour.seriesMastersInDelta,
      seriesOnOnePage: state.behaviour.seriesOnOnePage,
      strictSeriesRemovals: state.behaviour.strictSeriesRemovals,
    }),
  );
  if (!result.ok) {
    if (result.error === 'SyncStateNotFound') return syncStateNotFound(r, link, false);
    return graphError(
      ctx,
      now,
      400,
      'ErrorInvalidUrlQuery',
      'The sync state data is invalid or does not belong to this folder.',
    );
  }

  const memoryKey = `${appId}|${mailbox.id}|${link.s}|${link.e}`;
  const text = wantsTextBody(ctx);
  if (text) applied.push(TEXT_BODY_APPLIED);
  const pageItems: unknown[] = result.items.map((i) =>
    text ? toTextBody(withEventType(i)) : withEventType(i),
  );
  // Graph replays items of the current round only: a page from an earlier round may hold events that
  // have since been deleted, so it is never repeated (and the fault is not spent when nothing qualifies).
  const previous = state.lastDeltaPages.get(memoryKey);
  const replayable = previous?.round === result.round ? previous.items : [];
  const items =
    replayable.length > 0 && state.faults.take(['replayItems'], target)
      ? [...replayable, ...pageItems]
      : pageItems;
  state.lastDeltaPages.set(memoryKey, { round: result.round, items: pageItems });

  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/v1.0/$metadata#Collection(event)`,
  };
  if (result.nextToken !== undefined) {
    body['@odata.nextLink'] =
      `${linkBase}?$skiptoken=${encodeLinkToken({ m: link.m, s: link.s, e: link.e, t: result.nextToken })}`;
  } else {
    body['@odata.deltaLink'] =
      `${linkBase}?$deltatoken=${encodeLinkToken({ m: link.m, s: link.s, e: link.e, t: result.deltaToken })}`;
  }
  body.value = items;
  return odataOk(body, [...applied, ...tzApplied]);
}

function withEventType(item: DeltaItem): Record<string, unknown> {
  return item['@odata.type'] === undefined ? { '@odata.type': EVENT_TYPE, ...item } : item;
}

function syncStateNotFound(r: MailboxRequest, link: LinkToken, withLocation: boolean): HttpResult {
  const headers: Record<string, string> = {};
  if (withLocation) {
    // "410 Gone with a Location header containing the initial query with an empty $deltaToken" (delta-query-overview).
    const q = new URLSearchParams({ startDateTime: link.s, endDateTime: link.e });
    headers.location = `${r.ctx.origin}/v1.0/users/${r.mailbox.id}/calendarView/delta?$deltatoken=&${q.toString()}`;
  }
  return graphError(
    r.ctx,
    r.state.clock.now(),
    410,
    'SyncStateNotFound',
    'The sync state generation is not found.',
    headers,
  );
}
