import { patchFieldBehaviour } from '../behaviour/field-behaviour.ts';
import type { EventInput } from '../calendar/index.ts';
import { DirectoryError } from '../directory/directory-error.ts';
import { EXCHANGE_APPLICATION_ROLES, testServicePrincipalAuthorization } from '../directory/exchange-rbac.ts';
import type { AccessPolicy, ExchangeRoleScope, MailboxKind } from '../directory/types.ts';
import type { FaultSpec } from '../faults/types.ts';
import type { EmulatorState } from '../state.ts';
import { asObject, optBoolean, optInstant, optNumber, optString, optStringArray, reqString } from './body.ts';
import { serializeApp } from './serialize.ts';
import { sendLifecycleEvent, patchNotificationSettings } from '../subscriptions/control.ts';
import { serializeSubscription } from '../subscriptions/notification-payloads.ts';

export interface ControlDeps {
  state: EmulatorState;
  controlKey: string;
  /** Clears everything and loads the seeded organisation again (or nothing when seed is false). */
  reset(seed: string | false): Promise<void>;
  /** Applies `count` random Outlook-like changes (seeded organisations only). */
  mutateRandomly(count: number): number;
}

interface ControlRoute {
  method: string;
  pattern: RegExp;
  created?: boolean;
  run(params: string[], body: unknown, query: URLSearchParams): unknown;
}

const seg = '([^/]+)';
const route = (method: string, path: string, run: ControlRoute['run'], created = false): ControlRoute => ({
  method,
  pattern: new RegExp(`^${path.replace(/:\w+/g, seg)}$`),
  created,
  run,
});

export function controlRoutes(deps: ControlDeps): ControlRoute[] {
  const { state } = deps;
  const dir = (): EmulatorState['directory'] => state.directory;
  const mailboxId = (idOrAddress: string): string => {
    const m = dir().findMailbox(idOrAddress);
    if (!m) throw new DirectoryError('NotFound', `mailbox ${idOrAddress} not found`);
    return m.id;
  };
  const at = (p: string[], i: number): string => p[i] ?? '';

  return [
    // tenants
    route('GET', '/tenants', () => dir().listTenants()),
    route(
      'POST',
      '/tenants',
      (_p, b) => {
        const o = asObject(b);
        return dir().createTenant({
          id: optString(o, 'id'),
          displayName: reqString(o, 'displayName'),
          domains: optStringArray(o, 'domains'),
        });
      },
      true,
    ),
    route('GET', '/tenants/:id', (p) => dir().findTenant(at(p, 0)) ?? notFound('tenant', at(p, 0))),
    route('PATCH', '/tenants/:id', (p, b) => {
      const o = asObject(b);
      const patch: { displayName?: string; domains?: string[] } = {};
      const name = optString(o, 'displayName');
      const domains = optStringArray(o, 'domains');
      if (name !== undefined) patch.displayName = name;
      if (domains !== undefined) patch.domains = domains;
      return dir().updateTenant(at(p, 0), patch);
    }),
    route('DELETE', '/tenants/:id', (p) => {
      for (const id of dir().deleteTenant(at(p, 0)).mailboxIds) state.calendar.removeMailbox(id);
      return undefined;
    }),

    // apps
    route('GET', '/apps', (_p, _b, q) =>
      dir()
        .listApps(q.get('tenantId') ?? undefined)
        .map(serializeApp),
    ),
    route(
      'POST',
      '/apps',
      (_p, b) => {
        const o = asObject(b);
        const app = dir().createApp({
          tenantId: reqString(o, 'tenantId'),
          displayName: reqString(o, 'displayName'),
          clientId: optString(o, 'clientId'),
          enabled: optBoolean(o, 'enabled'),
          roles: optStringArray(o, 'roles'),
          accessPolicy: o.accessPolicy === undefined ? undefined : parsePolicy(o.accessPolicy),
          hasServicePrincipal: optBoolean(o, 'hasServicePrincipal'),
          blockedByConditionalAccess: optBoolean(o, 'blockedByConditionalAccess'),
        });
        return serializeApp(app);
      },
      true,
    ),
    route('GET', '/apps/:id', (p) => serializeApp(dir().findApp(at(p, 0)) ?? notFound('app', at(p, 0)))),
    route('PATCH', '/apps/:id', (p, b) => {
      const o = asObject(b);
      const patch: Parameters<EmulatorState['directory']['updateApp']>[1] = {};
      const name = optString(o, 'displayName');
      const enabled = optBoolean(o, 'enabled');
      const roles = optStringArray(o, 'roles');
      if (name !== undefined) patch.displayName = name;
      if (enabled !== undefined) patch.enabled = enabled;
      if (roles !== undefined) patch.roles = roles;
      const sp = optBoolean(o, 'hasServicePrincipal');
      const blocked = optBoolean(o, 'blockedByConditionalAccess');
      if (sp !== undefined) patch.hasServicePrincipal = sp;
      if (blocked !== undefined) patch.blockedByConditionalAccess = blocked;
      if (o.accessPolicy !== undefined)
        patch.accessPolicy = o.accessPolicy === null ? null : parsePolicy(o.accessPolicy);
      return serializeApp(dir().updateApp(at(p, 0), patch));
    }),
    route('DELETE', '/apps/:id', (p) => dir().deleteApp(at(p, 0))),
    route('PUT', '/apps/:id/roles', (p, b) =>
      serializeApp(dir().updateApp(at(p, 0), { roles: optStringArray(asObject(b), 'roles') ?? [] })),
    ),
    route('PUT', '/apps/:id/access-policy', (p, b) =>
      serializeApp(dir().updateApp(at(p, 0), { accessPolicy: parsePolicy(b) })),
    ),
    route('DELETE', '/apps/:id/access-policy', (p) => {
      dir().updateApp(at(p, 0), { accessPolicy: null });
      return undefined;
    }),
    route(
      'POST',
      '/apps/:id/exchange-role-assignments',
      (p, b) => {
        const o = asObject(b);
        return dir().addExchangeRoleAssignment(at(p, 0), {
          role: parseExchangeRole(reqString(o, 'role')),
          scope: parseExchangeScope(o.scope),
        });
      },
      true,
    ),
    route('DELETE', '/apps/:id/exchange-role-assignments/:rid', (p) =>
      dir().removeExchangeRoleAssignment(at(p, 0), at(p, 1)),
    ),
    route('GET', '/test-sp-authorization', (_p, _b, q) => {
      const app = dir().findApp(q.get('identity') ?? '') ?? notFound('app', q.get('identity') ?? '');
      const mailbox =
        dir().findMailbox(q.get('resource') ?? '') ?? notFound('mailbox', q.get('resource') ?? '');
      return testServicePrincipalAuthorization(app, mailbox);
    }),
    route(
      'POST',
      '/apps/:id/secrets',
      (p, b) => {
        const o = b === undefined ? {} : asObject(b);
        return dir().addSecret(at(p, 0), {
          displayName: optString(o, 'displayName'),
          value: optString(o, 'value'),
          expiresAt: optInstant(o, 'expiresAt'),
        });
      },
      true,
    ),
    route('DELETE', '/apps/:id/secrets/:sid', (p) => dir().removeSecret(at(p, 0), at(p, 1))),
    route(
      'POST',
      '/apps/:id/certificates',
      (p, b) => {
        const o = asObject(b);
        const c = dir().addCertificate(at(p, 0), {
          certPem: reqString(o, 'certPem'),
          expiresAt: optInstant(o, 'expiresAt'),
        });
        return { id: c.id, x5t: c.x5t, x5tS256: c.x5tS256, expiresAt: c.expiresAt };
      },
      true,
    ),
    route('DELETE', '/apps/:id/certificates/:cid', (p) => dir().removeCertificate(at(p, 0), at(p, 1))),

    // mailboxes and room lists
    route('GET', '/mailboxes', (_p, _b, q) => dir().listMailboxes(q.get('tenantId') ?? undefined)),
    route(
      'POST',
      '/mailboxes',
      (_p, b) => {
        const o = asObject(b);
        return dir().createMailbox({
          tenantId: reqString(o, 'tenantId'),
          address: reqString(o, 'address'),
          displayName: reqString(o, 'displayName'),
          id: optString(o, 'id'),
          kind: parseKind(optString(o, 'kind')),
          restEnabled: optBoolean(o, 'restEnabled'),
          room: o.room === undefined ? undefined : asObject(o.room),
          userPrincipalName: optString(o, 'userPrincipalName'),
          timeZone: optString(o, 'timeZone'),
        });
      },
      true,
    ),
    route('GET', '/mailboxes/:m', (p) => dir().findMailbox(at(p, 0)) ?? notFound('mailbox', at(p, 0))),
    route('PATCH', '/mailboxes/:m', (p, b) => {
      const o = asObject(b);
      const patch: Parameters<EmulatorState['directory']['updateMailbox']>[1] = {};
      const name = optString(o, 'displayName');
      const address = optString(o, 'address');
      const rest = optBoolean(o, 'restEnabled');
      if (name !== undefined) patch.displayName = name;
      if (address !== undefined) patch.address = address;
      if (rest !== undefined) patch.restEnabled = rest;
      const upn = optString(o, 'userPrincipalName');
      const timeZone = optString(o, 'timeZone');
      if (upn !== undefined) patch.userPrincipalName = upn;
      if (timeZone !== undefined) patch.timeZone = timeZone;
      if (o.room !== undefined) patch.room = asObject(o.room);
      return dir().updateMailbox(at(p, 0), patch);
    }),
    route('DELETE', '/mailboxes/:m', (p) => {
      const m = dir().deleteMailbox(at(p, 0));
      state.calendar.removeMailbox(m.id);
      return undefined;
    }),
    route('GET', '/room-lists', (_p, _b, q) => dir().listRoomLists(q.get('tenantId') ?? undefined)),
    route(
      'POST',
      '/room-lists',
      (_p, b) => {
        const o = asObject(b);
        return dir().createRoomList({
          tenantId: reqString(o, 'tenantId'),
          address: reqString(o, 'address'),
          displayName: reqString(o, 'displayName'),
          id: optString(o, 'id'),
        });
      },
      true,
    ),

    // events, mutated the way an Outlook user would
    route('GET', '/mailboxes/:m/events', (p) => state.calendar.listEvents(mailboxId(at(p, 0)))),
    route(
      'POST',
      '/mailboxes/:m/events',
      (p, b) => state.calendar.createEvent(mailboxId(at(p, 0)), asObject(b) as unknown as EventInput),
      true,
    ),
    route(
      'GET',
      '/mailboxes/:m/events/:e',
      (p) => state.calendar.getEvent(mailboxId(at(p, 0)), at(p, 1)) ?? notFound('event', at(p, 1)),
    ),
    route('PATCH', '/mailboxes/:m/events/:e', (p, b) =>
      state.calendar.updateEvent(mailboxId(at(p, 0)), at(p, 1), asObject(b)),
    ),
    route('POST', '/mailboxes/:m/events/:e/move', (p, b) => {
      const o = asObject(b);
      return state.calendar.updateEvent(mailboxId(at(p, 0)), at(p, 1), {
        start: o.start,
        end: o.end,
      } as Partial<EventInput>);
    }),
    route('POST', '/mailboxes/:m/events/:e/move-folder', (p) => ({
      id: state.calendar.moveToFolder(mailboxId(at(p, 0)), at(p, 1)),
    })),
    route('POST', '/mailboxes/:m/events/:e/rename', (p, b) =>
      state.calendar.updateEvent(mailboxId(at(p, 0)), at(p, 1), {
        subject: reqString(asObject(b), 'subject'),
      }),
    ),
    route('POST', '/mailboxes/:m/events/:e/cancel', (p) =>
      state.calendar.cancelEvent(mailboxId(at(p, 0)), at(p, 1)),
    ),
    route('DELETE', '/mailboxes/:m/events/:e', (p) =>
      state.calendar.deleteEvent(mailboxId(at(p, 0)), at(p, 1)),
    ),
    route('POST', '/mutations/random', (_p, b) => ({
      applied: deps.mutateRandomly(optNumber(b === undefined ? {} : asObject(b), 'count') ?? 1),
    })),

    // faults, request log, throttling
    route('GET', '/faults', () => state.faults.list()),
    route('POST', '/faults', (_p, b) => state.faults.add(asObject(b) as unknown as FaultSpec), true),
    route('DELETE', '/faults', () => state.faults.clear()),
    route('DELETE', '/faults/:id', (p) => {
      if (!state.faults.remove(at(p, 0))) notFound('fault', at(p, 0));
      return undefined;
    }),
    route('GET', '/requests', (_p, _b, q) =>
      state.requestLog.query({
        route: q.get('route') ?? undefined,
        appId: q.get('appId') ?? undefined,
        mailbox: q.get('mailbox') ?? undefined,
        method: q.get('method') ?? undefined,
        afterSeq: q.has('afterSeq') ? Number(q.get('afterSeq')) : undefined,
        includeBatchItems: q.get('includeBatchItems') === 'true',
      }),
    ),
    route('DELETE', '/requests', () => state.requestLog.clear()),
    route('GET', '/throttling', () => ({ settings: state.throttle.settings() })),
    route('PUT', '/throttling', (_p, b) => {
      state.throttle.configure(b === false ? false : asObject(b));
      return { settings: state.throttle.settings() };
    }),

    // Graph change notifications: subscriptions, lifecycle events on demand, delivery settings and log
    route('GET', '/subscriptions', () =>
      state.subscriptions.list(state.clock.nowMs()).map((s) => ({
        ...serializeSubscription(s, s.applicationId),
        mailboxId: s.mailboxId,
        reauthorizationRequired: s.reauthorizationRequired,
      })),
    ),
    route('POST', '/subscriptions/:id/lifecycle', (p, b) =>
      sendLifecycleEvent(state, at(p, 0), reqString(asObject(b), 'lifecycleEvent')),
    ),
    route('GET', '/notifications/settings', () => state.notificationSettings),
    route('PATCH', '/notifications/settings', (_p, b) => {
      state.notificationSettings = patchNotificationSettings(state.notificationSettings, asObject(b));
      return state.notificationSettings;
    }),
    route('GET', '/notifications/deliveries', () => ({
      pending: state.deliveries.pendingCount(),
      attempts: state.deliveries.attempts(),
    })),

    route('GET', '/behaviour', () => state.behaviour),
    route('PATCH', '/behaviour', (_p, b) => {
      state.behaviour = patchFieldBehaviour(state.behaviour, b);
      return state.behaviour;
    }),

    // clock, reset, seed
    route('GET', '/clock', () => ({ now: state.clock.now().toISOString() })),
    route('POST', '/clock', (_p, b) => {
      const o = asObject(b);
      const set = optInstant(o, 'set');
      const advanceMs = optNumber(o, 'advanceMs');
      if (set) state.clock.set(new Date(set));
      if (advanceMs !== undefined) state.clock.advance(advanceMs);
      return { now: state.clock.now().toISOString() };
    }),
    route('POST', '/reset', async (_p, b) => {
      const o = b === undefined ? {} : asObject(b);
      const seed = o.seed === undefined ? state.seed : o.seed === false ? false : reqString(o, 'seed');
      await deps.reset(seed);
      return { seed: state.seed, summary: state.seedSummary ?? null };
    }),
    route('GET', '/seed', () => ({ seed: state.seed, summary: state.seedSummary ?? null })),
  ];
}

function notFound(kind: string, id: string): never {
  throw new DirectoryError('NotFound', `${kind} ${id} not found`);
}

function parseKind(v: string | undefined): MailboxKind | undefined {
  if (v === undefined || v === 'user' || v === 'room' || v === 'equipment') return v;
  throw new DirectoryError('Invalid', 'kind must be user, room or equipment');
}

function parseExchangeRole(role: string): string {
  if (EXCHANGE_APPLICATION_ROLES[role] === undefined)
    throw new DirectoryError(
      'Invalid',
      `role must be one of ${Object.keys(EXCHANGE_APPLICATION_ROLES).join(', ')}`,
    );
  return role;
}

/** Omitted scope = the whole organisation; otherwise {type, name, members}. */
function parseExchangeScope(v: unknown): ExchangeRoleScope {
  if (v === undefined || v === null) return { type: 'Organization' };
  const o = asObject(v);
  const type = reqString(o, 'type');
  if (type === 'Organization') return { type };
  if (type !== 'CustomRecipientScope' && type !== 'AdministrativeUnit')
    throw new DirectoryError(
      'Invalid',
      'scope.type must be Organization, CustomRecipientScope or AdministrativeUnit',
    );
  return { type, name: reqString(o, 'name'), members: optStringArray(o, 'members') ?? [] };
}

function parsePolicy(v: unknown): AccessPolicy | null {
  if (v === null) return null;
  const o = asObject(v);
  const accessRight = reqString(o, 'accessRight');
  if (accessRight !== 'RestrictAccess' && accessRight !== 'DenyAccess') {
    throw new DirectoryError('Invalid', 'accessRight must be RestrictAccess or DenyAccess');
  }
  return { accessRight, members: optStringArray(o, 'members') ?? [] };
}
