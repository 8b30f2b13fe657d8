import type { Mailbox } from '../directory/types.ts';
import type { GraphCaller } from '../graph/authenticate.ts';
import { graphError } from '../graph/graph-error.ts';
import { odataOk } from '../graph/respond.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import { isAllowedEndpoint } from './endpoint-client.ts';
import { serializeSubscription } from './notification-payloads.ts';
import type { ChangeType, EmulatorSubscription } from './types.ts';
import { validateEndpoint } from './validate-endpoint.ts';

/** Checks that the caller may read a mailbox's events (roles, tenant, policies); the denial otherwise. */
export type AuthorizeEvents = (
  ctx: RequestContext,
  caller: GraphCaller,
  userSegment: string,
  mailbox: Mailbox | undefined,
) => HttpResult | undefined;

export type SubscriptionsRoute =
  { name: 'collection' } | { name: 'item'; id: string } | { name: 'reauthorize'; id: string };

const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];
const VALIDATION_FAILED =
  'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.';
const VALIDATION_TIMEOUT = 'Subscription validation request timeout.';

/** /v1.0/subscriptions, /v1.0/subscriptions/{id}, /v1.0/subscriptions/{id}/reauthorize (case-insensitive). */
export function matchSubscriptionsRoute(path: string): SubscriptionsRoute | undefined {
  const segs = path.split('/').filter(Boolean);
  if (segs[0]?.toLowerCase() !== 'v1.0' || segs[1]?.toLowerCase() !== 'subscriptions') return undefined;
  const id = segs[2] === undefined ? undefined : decodeURIComponent(segs[2]);
  if (id === undefined) return segs.length === 2 ? { name: 'collection' } : undefined;
  if (segs.length === 3) return { name: 'item', id };
  if (segs.length === 4 && segs[3]?.toLowerCase() === 'reauthorize') return { name: 'reauthorize', id };
  return undefined;
}

/** The subscription API for Outlook event resources (docs/microsoft-graph.md §5.1, §5.2, §5.5). */
export async function handleSubscriptions(
  ctx: RequestContext,
  state: EmulatorState,
  caller: GraphCaller,
  route: SubscriptionsRoute,
  authorize: AuthorizeEvents,
): Promise<HttpResult> {
  const now = state.clock.nowMs();
  const fail = (status: number, code: string, message: string): HttpResult =>
    graphError(ctx, state.clock.now(), status, code, message);
  const creatorId = state.directory.findApp(caller.appId)?.servicePrincipalId ?? caller.appId;
  const render = (s: EmulatorSubscription, status = 200): HttpResult => ({
    ...odataOk({
      '@odata.context': `${ctx.origin}/v1.0/$metadata#subscriptions/$entity`,
      ...serializeSubscription(s, creatorId),
    }),
    status,
  });

  if (route.name === 'collection') {
    if (ctx.method === 'GET') {
      return odataOk({
        '@odata.context': `${ctx.origin}/v1.0/$metadata#subscriptions`,
        value: state.subscriptions
          .listByApp(caller.appId, now)
          .map((s) => serializeSubscription(s, creatorId)),
      });
    }
    if (ctx.method === 'POST') return create();
    return fail(405, 'ErrorInvalidRequest', 'The OData request is not supported.');
  }

  const existing = state.subscriptions.get(route.id, now);
  if (!existing || existing.applicationId !== caller.appId || existing.tenantId !== caller.tenantId) {
    return fail(404, 'ResourceNotFound', `The object was not found.`);
  }
  const stillAllowed = (): HttpResult | undefined =>
    authorize(ctx, caller, existing.mailboxId, state.directory.findMailbox(existing.mailboxId));

  if (route.name === 'reauthorize') {
    if (ctx.method !== 'POST') return fail(405, 'ErrorInvalidRequest', 'The OData request is not supported.');
    const denied = stillAllowed();
    if (denied) return denied;
    existing.reauthorizationRequired = false;
    return { status: 204 };
  }
  if (ctx.method === 'GET') return render(existing);
  if (ctx.method === 'DELETE') {
    state.subscriptions.remove(existing.id);
    return { status: 204 };
  }
  if (ctx.method === 'PATCH') return update(existing);
  return fail(405, 'ErrorInvalidRequest', 'The OData request is not supported.');

  async function create(): Promise<HttpResult> {
    const body = parseBody(ctx);
    if (!body) return fail(400, 'BadRequest', 'Empty Payload. JSON content expected.');
    const changeTypes = parseChangeTypes(body.changeType);
    if (!changeTypes)
      return fail(
        400,
        'InvalidRequest',
        "Invalid 'changeType' attribute: the values are created, updated, deleted.",
      );
    const resource = typeof body.resource === 'string' ? body.resource : '';
    const userSegment = eventsResourceUser(resource);
    if (userSegment === undefined) {
      return fail(
        400,
        'ExtensionError',
        `Resource '${resource}' is not supported for subscriptions by this application.`,
      );
    }
    const urls = readUrls(body);
    if ('error' in urls) return fail(400, 'InvalidRequest', urls.error);
    const clientState = body.clientState;
    if (
      clientState !== undefined &&
      clientState !== null &&
      (typeof clientState !== 'string' || clientState.length > 128)
    ) {
      return fail(400, 'InvalidRequest', 'clientState must be a string of at most 128 characters.');
    }
    const expiration = readExpiration(body.expirationDateTime);
    if ('error' in expiration) return fail(400, 'ExtensionError', expiration.error);

    const mailbox = state.directory.resolveUser(userSegment, { smtp: state.behaviour.resolveSmtpAliases });
    const denied = authorize(ctx, caller, userSegment, mailbox);
    if (denied) return denied;
    ctx.mailboxId = mailbox!.id;
    if (
      state.subscriptions.listByMailbox(mailbox!.id, now).length >= state.notificationSettings.maxPerMailbox
    ) {
      return fail(
        403,
        'ExtensionError',
        `Operation: Create; Exception: [Status Code: Forbidden; Reason: The maximum number of ${state.notificationSettings.maxPerMailbox} subscriptions on this mailbox has been reached.]`,
      );
    }
    for (const url of [urls.notificationUrl, urls.lifecycleNotificationUrl]) {
      if (url === null) continue;
      const refused = await handshake(url);
      if (refused) return refused;
    }
    const subscription: EmulatorSubscription = {
      id: state.ids.guid(),
      resource,
      mailboxId: mailbox!.id,
      tenantId: caller.tenantId,
      applicationId: caller.appId,
      changeTypes,
      notificationUrl: urls.notificationUrl,
      lifecycleNotificationUrl: urls.lifecycleNotificationUrl,
      clientState: typeof clientState === 'string' ? clientState : null,
      expirationMs: expiration.ms,
      latestSupportedTlsVersion:
        typeof body.latestSupportedTlsVersion === 'string' ? body.latestSupportedTlsVersion : 'v1_2',
      reauthorizationRequired: false,
    };
    state.subscriptions.add(subscription);
    return render(subscription, 201);
  }

  async function update(s: EmulatorSubscription): Promise<HttpResult> {
    const body = parseBody(ctx);
    if (!body) return fail(400, 'BadRequest', 'Empty Payload. JSON content expected.');
    if (body.lifecycleNotificationUrl !== undefined) {
      return fail(
        400,
        'InvalidRequest',
        'lifecycleNotificationUrl can only be set when the subscription is created.',
      );
    }
    const denied = stillAllowed();
    if (denied) return denied;
    let expirationMs = s.expirationMs;
    if (body.expirationDateTime !== undefined) {
      const expiration = readExpiration(body.expirationDateTime);
      if ('error' in expiration) return fail(400, 'ExtensionError', expiration.error);
      expirationMs = expiration.ms;
    }
    let notificationUrl = s.notificationUrl;
    if (body.notificationUrl !== undefined && body.notificationUrl !== s.notificationUrl) {
      if (typeof body.notificationUrl !== 'string' || !isAllowedEndpoint(body.notificationUrl)) {
        return fail(400, 'InvalidRequest', 'The notificationUrl must be an https URL.');
      }
      const refused = await handshake(body.notificationUrl);
      if (refused) return refused;
      notificationUrl = body.notificationUrl;
    }
    s.expirationMs = expirationMs;
    s.notificationUrl = notificationUrl;
    s.reauthorizationRequired = false;
    return render(s);
  }

  async function handshake(url: string): Promise<HttpResult | undefined> {
    const { validationTimeoutMs } = state.notificationSettings;
    const outcome = await validateEndpoint(state.endpointClient, url, validationTimeoutMs);
    state.deliveries.record({
      at: state.clock.now().toISOString(),
      kind: 'validation',
      url,
      subscriptionIds: [],
      items: 0,
      status: outcome.ok ? 200 : outcome.status,
      ok: outcome.ok,
    });
    if (outcome.ok) return undefined;
    return fail(400, 'ValidationError', outcome.status === null ? VALIDATION_TIMEOUT : VALIDATION_FAILED);
  }

  function readExpiration(raw: unknown): { ms: number } | { error: string } {
    const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(ms)) return { error: 'expirationDateTime must be an ISO 8601 date-time.' };
    if (ms <= now) return { error: 'Subscription expiration must be in the future.' };
    const max = state.notificationSettings.maxExpirationMinutes;
    if (ms > now + max * 60_000)
      return { error: `Subscription expiration can only be ${max} minutes in the future.` };
    return { ms };
  }
}

function parseBody(ctx: RequestContext): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(ctx.body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function parseChangeTypes(raw: unknown): ChangeType[] | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (!parts.every((p): p is ChangeType => (CHANGE_TYPES as readonly string[]).includes(p))) return undefined;
  return [...new Set(parts)];
}

function readUrls(
  body: Record<string, unknown>,
): { notificationUrl: string; lifecycleNotificationUrl: string | null } | { error: string } {
  const n = body.notificationUrl;
  const l = body.lifecycleNotificationUrl;
  if (typeof n !== 'string' || !isAllowedEndpoint(n))
    return { error: 'The notificationUrl must be an https URL.' };
  if (l !== undefined && l !== null && (typeof l !== 'string' || !isAllowedEndpoint(l))) {
    return { error: 'The lifecycleNotificationUrl must be an https URL.' };
  }
  return { notificationUrl: n, lifecycleNotificationUrl: typeof l === 'string' ? l : null };
}

/**
 * The user of an event resource: `users/{id}/events` or `users/{id}/calendars/{id}/events`, with or
 * without a leading slash. calendarView is not subscribable; `/me` needs a delegated token.
 */
export function eventsResourceUser(resource: string): string | undefined {
  const segs = resource.replace(/^\/+/, '').split('/');
  const lower = segs.map((s) => s.toLowerCase());
  if (lower[0] !== 'users' || !segs[1]) return undefined;
  if (segs.length === 3 && lower[2] === 'events') return decodeURIComponent(segs[1]);
  if (segs.length === 5 && lower[2] === 'calendars' && segs[3] && lower[4] === 'events') {
    return decodeURIComponent(segs[1]);
  }
  return undefined;
}
