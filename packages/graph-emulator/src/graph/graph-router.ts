import { applyLatency, applyPreFaults } from '../faults/apply-faults.ts';
import { exchangeGrants, hasExchangeGrant } from '../directory/exchange-rbac.ts';
import type { AccessPolicy, Mailbox } from '../directory/types.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import type { GraphCaller } from './authenticate.ts';
import { createTokenVerifier } from './authenticate.ts';
import { handleBatch, isBatchPath } from './batch-route.ts';
import { handleCalendarView, handleGetEvent, handleInstances } from './calendar-routes.ts';
import type { MailboxRequest } from './calendar-routes.ts';
import { handleDelta } from './delta-route.ts';
import { defaultFaultError, graphError, throttledError } from './graph-error.ts';
import { handlePlaces } from './places-route.ts';
import { toImmutableIds, wantsImmutableIds, withImmutableIdApplied } from './immutable-ids.ts';
import { handleMailboxSettings } from './mailbox-settings-route.ts';
import { handleSubscriptions, matchSubscriptionsRoute } from '../subscriptions/subscriptions-route.ts';
import type { SubscriptionsRoute } from '../subscriptions/subscriptions-route.ts';
import { handleGetUser, handleListUsers } from './user-route.ts';

type MailboxRoute =
  | { name: 'calendarView'; viaCalendar: boolean }
  | { name: 'delta' }
  | { name: 'event'; eventId: string }
  | { name: 'instances'; eventId: string }
  | { name: 'mailboxSettings'; property: 'timeZone' | undefined };

type GraphRoute =
  | { scope: 'mailbox'; userSegment: string; route: MailboxRoute }
  | { scope: 'user'; userSegment: string }
  | { scope: 'users' }
  | { scope: 'places'; kind: 'room' | 'roomList' | 'roomsInList'; list?: string | undefined };

const MAILBOX_SETTINGS_ROLES = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const FULL_READ_ROLES = ['Calendars.Read', 'Calendars.ReadWrite'];
const CALENDAR_ROLES = [
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Calendars.ReadBasic.All',
  'Calendars.ReadBasic',
];

/** Parses /v1.0/... (segments are matched case-insensitively, like Graph). */
export function matchGraphRoute(path: string): GraphRoute | undefined {
  const segs = path.split('/').filter(Boolean).slice(1).map(safeDecode);
  const lower = segs.map((s) => s.toLowerCase());
  const is = (...want: string[]): boolean =>
    want.length === lower.length - 2 && want.every((w, i) => lower[i + 2] === w);
  if (lower[0] === 'users' && lower.length === 1) return { scope: 'users' };
  if (lower[0] === 'users' && segs[1] !== undefined) {
    const user = segs[1];
    if (lower.length === 2) return { scope: 'user', userSegment: user };
    const mailbox = (route: MailboxRoute): GraphRoute => ({ scope: 'mailbox', userSegment: user, route });
    if (is('calendarview')) return mailbox({ name: 'calendarView', viaCalendar: false });
    if (is('calendar', 'calendarview')) return mailbox({ name: 'calendarView', viaCalendar: true });
    if (is('calendarview', 'delta') || is('calendar', 'calendarview', 'delta'))
      return mailbox({ name: 'delta' });
    if (is('mailboxsettings')) return mailbox({ name: 'mailboxSettings', property: undefined });
    if (is('mailboxsettings', 'timezone')) return mailbox({ name: 'mailboxSettings', property: 'timeZone' });
    if (lower[2] === 'events' && segs[3] !== undefined && lower.length === 4)
      return mailbox({ name: 'event', eventId: segs[3] });
    if (lower[2] === 'events' && segs[3] !== undefined && lower.length === 5 && lower[4] === 'instances') {
      return mailbox({ name: 'instances', eventId: segs[3] });
    }
    return undefined;
  }
  if (lower[0] === 'places') {
    if (lower.length === 2 && lower[1] === 'microsoft.graph.room') return { scope: 'places', kind: 'room' };
    if (lower.length === 2 && lower[1] === 'microsoft.graph.roomlist')
      return { scope: 'places', kind: 'roomList' };
    if (lower.length === 4 && lower[2] === 'microsoft.graph.roomlist' && lower[3] === 'rooms') {
      return { scope: 'places', kind: 'roomsInList', list: segs[1] };
    }
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function routeName(route: GraphRoute): string {
  if (route.scope === 'mailbox') return route.route.name;
  return route.scope;
}

/** The Graph v1.0 pipeline: route → faults → token → throttling → authorization → mailbox checks → handler. */
export function createGraphHandler(
  state: EmulatorState,
): (ctx: RequestContext) => Promise<HttpResult | 'reset'> {
  const verify = createTokenVerifier(state);
  const handle = async (ctx: RequestContext): Promise<HttpResult | 'reset'> => {
    const subscriptions = matchSubscriptionsRoute(ctx.path);
    if (subscriptions) return runSubscriptions(ctx, subscriptions);
    const route = matchGraphRoute(ctx.path);
    if (!route)
      return graphError(ctx, state.clock.now(), 404, 'ResourceNotFound', 'Resource could not be discovered.');
    ctx.route = routeName(route);
    if (ctx.method !== 'GET') {
      return graphError(
        ctx,
        state.clock.now(),
        405,
        'ErrorInvalidRequest',
        'The OData request is not supported.',
      );
    }
    const mailbox =
      route.scope === 'mailbox' || route.scope === 'user'
        ? state.directory.resolveUser(route.userSegment, { smtp: state.behaviour.resolveSmtpAliases })
        : undefined;
    if (mailbox) ctx.mailboxId = mailbox.id;
    const mailboxKeys = mailbox ? [mailbox.id.toLowerCase(), mailbox.address.toLowerCase()] : [];
    const target = { route: ctx.route, path: ctx.path, mailboxKeys };
    const pre = await applyPreFaults(ctx, state, target, renderFault(ctx, state), undefined, {
      deferLatency: true,
    });
    if (pre.kind === 'reset') return 'reset';
    if (pre.kind === 'respond') return pre.result;

    const auth = verify(ctx);
    if (!auth.ok) return auth.result;
    const caller = auth.caller;
    const admitted = state.throttle.admit(caller.appId, mailbox?.id, state.clock.nowMs());
    if (!admitted.ok)
      return throttledError(ctx, state.clock.now(), admitted.retryAfterSeconds, admitted.reason);
    ctx.onDone.push(admitted.release);
    await applyLatency(state, target);

    if (route.scope === 'places') return handlePlaces(ctx, state, caller, route.kind, route.list);
    if (route.scope === 'user') return handleGetUser(ctx, state, caller, route.userSegment, mailbox);
    if (route.scope === 'users') return handleListUsers(ctx, state, caller);

    const permissions = route.route.name === 'mailboxSettings' ? MAILBOX_SETTINGS_ROLES : CALENDAR_ROLES;
    const denied = authorizeMailbox(ctx, state, caller, route.userSegment, mailbox, permissions);
    if (denied) return denied;
    const r: MailboxRequest = { ctx, state, mailbox: mailbox!, userSegment: route.userSegment };
    const result = runMailboxRoute(r, route.route, caller);
    return basicReadOnly(state, caller, mailbox!) ? withoutBasicOmissions(result) : result;
  };
  return async (ctx) => (isBatchPath(ctx.path) ? runBatch(ctx) : handle(ctx));

  /** /subscriptions: faults, token, throttling, then the subscription API (Calendars.Read to subscribe to events). */
  async function runSubscriptions(
    ctx: RequestContext,
    route: SubscriptionsRoute,
  ): Promise<HttpResult | 'reset'> {
    ctx.route = 'subscriptions';
    const target = { route: ctx.route, path: ctx.path, mailboxKeys: [] };
    const pre = await applyPreFaults(ctx, state, target, renderFault(ctx, state));
    if (pre.kind === 'reset') return 'reset';
    if (pre.kind === 'respond') return pre.result;
    const auth = verify(ctx);
    if (!auth.ok) return auth.result;
    const admitted = state.throttle.admit(auth.caller.appId, undefined, state.clock.nowMs());
    if (!admitted.ok)
      return throttledError(ctx, state.clock.now(), admitted.retryAfterSeconds, admitted.reason);
    ctx.onDone.push(admitted.release);
    return handleSubscriptions(ctx, state, auth.caller, route, (c, caller, userSegment, mailbox) =>
      authorizeMailbox(c, state, caller, userSegment, mailbox, FULL_READ_ROLES),
    );
  }

  /** The batch as a whole: its own faults and token check, then each item through `handle`. */
  async function runBatch(ctx: RequestContext): Promise<HttpResult | 'reset'> {
    ctx.route = 'batch';
    const pre = await applyPreFaults(
      ctx,
      state,
      { route: 'batch', path: ctx.path, mailboxKeys: [] },
      renderFault(ctx, state),
    );
    if (pre.kind === 'reset') return 'reset';
    if (pre.kind === 'respond') return pre.result;
    const auth = verify(ctx);
    if (!auth.ok) return auth.result;
    return handleBatch(ctx, state, handle);
  }
}

/**
 * Runs a mailbox route. Event ids in the path may be regular or immutable; with Prefer: IdType="ImmutableId"
 * the answer carries immutable ids (delta converts its own items, so a folder move is not a removal there).
 */
function runMailboxRoute(r: MailboxRequest, route: MailboxRoute, caller: GraphCaller): HttpResult {
  const immutable = wantsImmutableIds(r.ctx);
  const regular = (id: string): string => r.state.calendar.toRegularId(r.mailbox.id, id);
  const ids = (result: HttpResult): HttpResult =>
    immutable ? toImmutableIds(result, r.state.calendar, r.mailbox.id) : result;
  switch (route.name) {
    case 'calendarView':
      return ids(handleCalendarView(r, route.viaCalendar));
    case 'delta': {
      const result = handleDelta(r, caller.appId, immutable);
      return immutable ? withImmutableIdApplied(result) : result;
    }
    case 'event':
      return ids(handleGetEvent(r, regular(route.eventId)));
    case 'instances':
      return ids(handleInstances(r, regular(route.eventId)));
    case 'mailboxSettings':
      return handleMailboxSettings(r, route.property);
  }
}

/** Whether the caller reads this mailbox through Calendars.ReadBasic(.All) only: no full read grant. */
function basicReadOnly(state: EmulatorState, caller: GraphCaller, mailbox: Mailbox): boolean {
  if (caller.roles.some((r) => FULL_READ_ROLES.includes(r))) return false;
  const app = state.directory.findApp(caller.appId);
  return app === undefined || !exchangeGrants(app, mailbox, FULL_READ_ROLES);
}

/**
 * Calendars.ReadBasic.All reads events "except for properties such as body, attachments, and extensions":
 * the body and its preview are left out of every event (including delta items).
 */
function withoutBasicOmissions(result: HttpResult): HttpResult {
  const strip = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    const { body: _body, bodyPreview: _preview, ...rest } = item as Record<string, unknown>;
    return rest;
  };
  const json = result.json as Record<string, unknown> | undefined;
  if (result.status !== 200 || json === undefined) return result;
  if (Array.isArray(json.value)) return { ...result, json: { ...json, value: json.value.map(strip) } };
  return { ...result, json: strip(json) };
}

/** Renders an injected status fault as a Graph error. */
function renderFault(
  ctx: RequestContext,
  state: EmulatorState,
): (
  status: number,
  retryAfter: number | undefined,
  code?: string,
  message?: string,
  emptyBody?: boolean,
) => HttpResult {
  return (status, retryAfter, code, message, emptyBody) => {
    const d = defaultFaultError(status);
    const headers: Record<string, string> = {};
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    // docs/microsoft-graph.md §9.10: some 503s come back with an empty text/plain body.
    if (emptyBody) return { status, headers: { ...headers, 'content-type': 'text/plain' }, text: '' };
    return graphError(ctx, state.clock.now(), status, code ?? d.code, message ?? d.message, headers);
  };
}

/**
 * Role, tenant, REST-enabled, ApplicationAccessPolicy and Exchange RBAC checks (docs/microsoft-graph.md §4.2,
 * §7, §9.2). Entra roles (in the token) and Exchange role assignments (server side) add up: an Entra grant
 * opens every mailbox the ApplicationAccessPolicy allows, an Exchange grant the mailboxes of its scope.
 */
function authorizeMailbox(
  ctx: RequestContext,
  state: EmulatorState,
  caller: GraphCaller,
  userSegment: string,
  mailbox: Mailbox | undefined,
  permissions: readonly string[],
): HttpResult | undefined {
  const now = state.clock.now();
  const app = state.directory.findApp(caller.appId);
  const entra = caller.roles.some((r) => permissions.includes(r));
  const exchange = app !== undefined && hasExchangeGrant(app, permissions);
  const accessDenied = (): HttpResult =>
    graphError(ctx, now, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  if (!entra && !exchange) return accessDenied();
  // A mailbox of another tenant does not exist from this token's point of view.
  if (!mailbox || mailbox.tenantId !== caller.tenantId) {
    return graphError(ctx, now, 404, 'ErrorInvalidUser', `The requested user '${userSegment}' is invalid.`);
  }
  if (!mailbox.restEnabled) {
    return graphError(
      ctx,
      now,
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  const policyAllows = entra && (app?.accessPolicy == null || policyAdmits(app.accessPolicy, mailbox));
  if (policyAllows) return undefined;
  if (app !== undefined && exchangeGrants(app, mailbox, permissions)) return undefined;
  // Outside the ApplicationAccessPolicy (legacy) or outside every Exchange role assignment's scope.
  return entra
    ? graphError(ctx, now, 403, 'ErrorAccessDenied', 'Access to OData is disabled.')
    : accessDenied();
}

function policyAdmits(policy: AccessPolicy, mailbox: Mailbox): boolean {
  const members = new Set(policy.members.map((m) => m.toLowerCase()));
  const isMember = members.has(mailbox.id.toLowerCase()) || members.has(mailbox.address.toLowerCase());
  return policy.accessRight === 'RestrictAccess' ? isMember : !isMember;
}
