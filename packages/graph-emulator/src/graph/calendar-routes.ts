import type { GraphEvent } from '../calendar/index.ts';
import type { Mailbox } from '../directory/types.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { TEXT_BODY_APPLIED, toTextBody, wantsTextBody } from './body-content-type.ts';
import { graphError } from './graph-error.ts';
import { applySelect, getQueryParam, parseGraphDateTime, parseNonNegativeInt, parsePrefer } from './odata.ts';
import { odataOk, pageList } from './respond.ts';

const TIME_WINDOW_REQUIRED =
  'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.';
const DEFAULT_PAGE = 10;
const MAX_TOP = 1000;

/** Shared inputs of the mailbox-scoped calendar routes. */
export interface MailboxRequest {
  ctx: RequestContext;
  state: EmulatorState;
  mailbox: Mailbox;
  /** The user segment as the caller wrote it (id or UPN), echoed in links like Graph does. */
  userSegment: string;
}

/** Resolves startDateTime/endDateTime, or the 400 Graph answers when one is missing or invalid. */
export function readTimeWindow(r: MailboxRequest): { start: Date; end: Date } | HttpResult {
  const now = r.state.clock.now();
  const s = getQueryParam(r.ctx.url.searchParams, 'startDateTime');
  const e = getQueryParam(r.ctx.url.searchParams, 'endDateTime');
  if (s === undefined || e === undefined)
    return graphError(r.ctx, now, 400, 'ErrorInvalidParameter', TIME_WINDOW_REQUIRED);
  const start = parseGraphDateTime(s);
  if (!start)
    return graphError(
      r.ctx,
      now,
      400,
      'ErrorInvalidParameter',
      `The value '${s}' of parameter 'StartDateTime' is invalid.`,
    );
  const end = parseGraphDateTime(e);
  if (!end)
    return graphError(
      r.ctx,
      now,
      400,
      'ErrorInvalidParameter',
      `The value '${e}' of parameter 'EndDateTime' is invalid.`,
    );
  return { start, end };
}

/** Prefer: outlook.timezone (value, and the Preference-Applied entry when honoured). */
export function readPreferredTimeZone(ctx: RequestContext): string | undefined {
  const tz = parsePrefer(ctx.req.headers.prefer).get('outlook.timezone');
  return tz === undefined || tz === '' ? undefined : tz;
}

/**
 * Runs a calendar read with the preferred time zone; a zone the store rejects falls back to UTC
 * without Preference-Applied, as Graph ignores preferences it cannot honour.
 */
export function withTimeZone<T>(
  ctx: RequestContext,
  read: (tz: string | undefined) => T,
): { value: T; applied: string[] } {
  const tz = readPreferredTimeZone(ctx);
  if (tz !== undefined) {
    try {
      return { value: read(tz), applied: [`outlook.timezone="${tz}"`] };
    } catch {
      // unsupported zone: fall through to UTC
    }
  }
  return { value: read(undefined), applied: [] };
}

/** $select and Prefer: outlook.body-content-type applied to events, with the preferences honoured. */
function renderItems(
  ctx: RequestContext,
  events: GraphEvent[],
): { value: Record<string, unknown>[]; applied: string[] } {
  const select = getQueryParam(ctx.url.searchParams, '$select');
  const text = wantsTextBody(ctx);
  return {
    value: events.map((e) => applySelect(text ? toTextBody(e) : e, select)),
    applied: text ? [TEXT_BODY_APPLIED] : [],
  };
}

function readPaging(r: MailboxRequest, defaultTop: number): { top: number; skip: number } | HttpResult {
  const p = r.ctx.url.searchParams;
  const top = parseNonNegativeInt(getQueryParam(p, '$top'));
  const skip = parseNonNegativeInt(getQueryParam(p, '$skip'));
  if (Number.isNaN(top) || Number.isNaN(skip) || top === 0) {
    return graphError(r.ctx, r.state.clock.now(), 400, 'BadRequest', 'Invalid $top or $skip value.');
  }
  return { top: Math.min(top ?? defaultTop, MAX_TOP), skip: skip ?? 0 };
}

function usersBase(r: MailboxRequest): string {
  return `${r.ctx.origin}/v1.0/users/${encodeURIComponent(r.userSegment)}`;
}

/** GET /users/{id|upn}/calendarView and /users/{id}/calendar/calendarView (docs/microsoft-graph.md §2.2). */
export function handleCalendarView(r: MailboxRequest, viaCalendar: boolean): HttpResult {
  const window = readTimeWindow(r);
  if ('status' in window) return window;
  const paging = readPaging(r, DEFAULT_PAGE);
  if ('status' in paging) return paging;
  const { value: events, applied } = withTimeZone(r.ctx, (tz) =>
    r.state.calendar.calendarView(r.mailbox.id, window.start, window.end, tz),
  );
  const linkBase = `${usersBase(r)}${viaCalendar ? '/calendar' : ''}/calendarView`;
  const { page, nextLink } = pageList(events, r.ctx.url, linkBase, paging.top, paging.skip);
  const items = renderItems(r.ctx, page);
  const body: Record<string, unknown> = {
    '@odata.context': `${r.ctx.origin}/v1.0/$metadata#users('${r.userSegment}')/calendarView`,
    value: items.value,
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  return odataOk(body, [...applied, ...items.applied]);
}

/** GET /users/{id}/events/{id}: singles, series masters (with recurrence), occurrences and exceptions. */
export function handleGetEvent(r: MailboxRequest, eventId: string): HttpResult {
  const { value: event, applied } = withTimeZone(r.ctx, (tz) =>
    r.state.calendar.getEvent(r.mailbox.id, eventId, tz),
  );
  if (!event) return itemNotFound(r);
  const items = renderItems(r.ctx, [event]);
  const select = getQueryParam(r.ctx.url.searchParams, '$select');
  const users = `${r.ctx.origin}/v1.0/users('${r.userSegment}')`;
  // Graph annotates a single event with links to its (primary) calendar; our calendar id is derived from the mailbox.
  const calendar = `${users}/calendars('${primaryCalendarId(r.mailbox.id)}')`;
  return odataOk(
    {
      '@odata.context': `${r.ctx.origin}/v1.0/$metadata#users('${r.userSegment}')/events${select ? `(${select})` : ''}/$entity`,
      ...items.value[0],
      'calendar@odata.associationLink': `${calendar}/$ref`,
      'calendar@odata.navigationLink': calendar,
    },
    [...applied, ...items.applied],
  );
}

/** GET /users/{id}/events/{id}/instances?startDateTime&endDateTime (docs/microsoft-graph.md §2.3). */
export function handleInstances(r: MailboxRequest, masterId: string): HttpResult {
  const window = readTimeWindow(r);
  if ('status' in window) return window;
  const paging = readPaging(r, DEFAULT_PAGE);
  if ('status' in paging) return paging;
  const { value, applied } = withTimeZone(r.ctx, (tz): GraphEvent[] | undefined =>
    r.state.calendar.instances(r.mailbox.id, masterId, window.start, window.end, tz),
  );
  let events = value;
  if (!events) {
    if (!r.state.calendar.getEvent(r.mailbox.id, masterId)) return itemNotFound(r);
    events = [];
  }
  const linkBase = `${usersBase(r)}/events/${encodeURIComponent(masterId)}/instances`;
  const { page, nextLink } = pageList(events, r.ctx.url, linkBase, paging.top, paging.skip);
  const items = renderItems(r.ctx, page);
  const body: Record<string, unknown> = {
    '@odata.context': `${r.ctx.origin}/v1.0/$metadata#users('${r.userSegment}')/events('${masterId}')/instances`,
    value: items.value,
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  return odataOk(body, [...applied, ...items.applied]);
}

function itemNotFound(r: MailboxRequest): HttpResult {
  return graphError(
    r.ctx,
    r.state.clock.now(),
    404,
    'ErrorItemNotFound',
    'The specified object was not found in the store.',
  );
}

/** A stable, Graph-looking id for a mailbox's primary calendar. */
export function primaryCalendarId(mailboxId: string): string {
  return `AAMkAD${Buffer.from(`calendar:${mailboxId}`).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}
