import type { FieldBehaviour } from '../behaviour/field-behaviour.ts';
import type { EventInput, GraphEvent } from '../calendar/index.ts';
import type { ServicePrincipalAuthorizationResult } from '../directory/exchange-rbac.ts';
import type {
  AccessPolicy,
  ExchangeRoleAssignment,
  ExchangeRoleScope,
  Mailbox,
  MailboxKind,
  RoomDetails,
  RoomList,
  Tenant,
} from '../directory/types.ts';
import type { Fault, FaultSpec } from '../faults/types.ts';
import type { HttpsClient } from '../http/https-json.ts';
import type { RequestLogEntry, RequestLogQuery } from '../request-log.ts';
import type { SeedSummary } from '../state.ts';
import type { ThrottleSettings, ThrottlingOptions } from '../throttle/throttle.ts';
import type {
  DeliveryAttempt,
  LifecycleEvent,
  NotificationFaults,
  NotificationSettings,
} from '../subscriptions/types.ts';

/** A subscription as the control API lists it (Graph's shape plus the mailbox and the pause flag). */
export interface SubscriptionView {
  id: string;
  resource: string;
  mailboxId: string;
  applicationId: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  reauthorizationRequired: boolean;
}

/** An app as the control API returns it (secret values are only returned by addSecret). */
export interface AppView {
  clientId: string;
  tenantId: string;
  displayName: string;
  servicePrincipalId: string;
  enabled: boolean;
  roles: string[];
  accessPolicy: AccessPolicy | null;
  exchangeRoleAssignments: ExchangeRoleAssignment[];
  hasServicePrincipal: boolean;
  blockedByConditionalAccess: boolean;
  secrets: Array<{ id: string; displayName: string; hint: string; expiresAt: string | null }>;
  certificates: Array<{ id: string; x5t: string; x5tS256: string; expiresAt: string | null }>;
}

export interface CreatedSecret {
  id: string;
  displayName: string;
  value: string;
  expiresAt: string | null;
}

export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`control API answered ${status}`);
    this.name = 'ControlApiError';
  }
}

/** Typed client over /_emulator/... Every method is one HTTPS call. */
export function createEmulatorControl(url: string, controlKey: string, http: HttpsClient) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await http.send(`${url}/_emulator${path}`, {
      method,
      headers: {
        authorization: `Bearer ${controlKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 400) throw new ControlApiError(res.status, res.json ?? res.text);
    return res.json as T;
  };
  const enc = encodeURIComponent;
  const qs = (q: Record<string, string | number | undefined>): string => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return s === '' ? '' : `?${s}`;
  };
  return {
    listTenants: () => call<Tenant[]>('GET', '/tenants'),
    createTenant: (input: { displayName: string; id?: string; domains?: string[] }) =>
      call<Tenant>('POST', '/tenants', input),
    updateTenant: (id: string, patch: { displayName?: string; domains?: string[] }) =>
      call<Tenant>('PATCH', `/tenants/${enc(id)}`, patch),
    deleteTenant: (id: string) => call<void>('DELETE', `/tenants/${enc(id)}`),

    listApps: (tenantId?: string) => call<AppView[]>('GET', `/apps${qs({ tenantId })}`),
    getApp: (clientId: string) => call<AppView>('GET', `/apps/${enc(clientId)}`),
    createApp: (input: {
      tenantId: string;
      displayName: string;
      clientId?: string;
      enabled?: boolean;
      roles?: string[];
      accessPolicy?: AccessPolicy | null;
      hasServicePrincipal?: boolean;
      blockedByConditionalAccess?: boolean;
    }) => call<AppView>('POST', '/apps', input),
    updateApp: (
      clientId: string,
      patch: {
        displayName?: string;
        enabled?: boolean;
        roles?: string[];
        accessPolicy?: AccessPolicy | null;
        hasServicePrincipal?: boolean;
        blockedByConditionalAccess?: boolean;
      },
    ) => call<AppView>('PATCH', `/apps/${enc(clientId)}`, patch),
    deleteApp: (clientId: string) => call<void>('DELETE', `/apps/${enc(clientId)}`),
    setRoles: (clientId: string, roles: string[]) =>
      call<AppView>('PUT', `/apps/${enc(clientId)}/roles`, { roles }),
    setAccessPolicy: (clientId: string, policy: AccessPolicy) =>
      call<AppView>('PUT', `/apps/${enc(clientId)}/access-policy`, policy),
    clearAccessPolicy: (clientId: string) => call<void>('DELETE', `/apps/${enc(clientId)}/access-policy`),
    /** New-ManagementRoleAssignment -App … -Role <role> with a scope (omitted = organisation). */
    addExchangeRoleAssignment: (clientId: string, input: { role: string; scope?: ExchangeRoleScope }) =>
      call<ExchangeRoleAssignment>('POST', `/apps/${enc(clientId)}/exchange-role-assignments`, input),
    removeExchangeRoleAssignment: (clientId: string, assignmentId: string) =>
      call<void>('DELETE', `/apps/${enc(clientId)}/exchange-role-assignments/${enc(assignmentId)}`),
    /** Test-ServicePrincipalAuthorization -Identity <app> -Resource <mailbox>: Exchange grants only. */
    testServicePrincipalAuthorization: (clientId: string, mailbox: string) =>
      call<ServicePrincipalAuthorizationResult[]>(
        'GET',
        `/test-sp-authorization${qs({ identity: clientId, resource: mailbox })}`,
      ),
    addSecret: (
      clientId: string,
      input: { displayName?: string; value?: string; expiresAt?: string | null } = {},
    ) => call<CreatedSecret>('POST', `/apps/${enc(clientId)}/secrets`, input),
    removeSecret: (clientId: string, secretId: string) =>
      call<void>('DELETE', `/apps/${enc(clientId)}/secrets/${enc(secretId)}`),
    addCertificate: (clientId: string, input: { certPem: string; expiresAt?: string | null }) =>
      call<{ id: string; x5t: string; x5tS256: string; expiresAt: string | null }>(
        'POST',
        `/apps/${enc(clientId)}/certificates`,
        input,
      ),
    removeCertificate: (clientId: string, certificateId: string) =>
      call<void>('DELETE', `/apps/${enc(clientId)}/certificates/${enc(certificateId)}`),

    listMailboxes: (tenantId?: string) => call<Mailbox[]>('GET', `/mailboxes${qs({ tenantId })}`),
    getMailbox: (idOrAddress: string) => call<Mailbox>('GET', `/mailboxes/${enc(idOrAddress)}`),
    createMailbox: (input: {
      tenantId: string;
      address: string;
      displayName: string;
      id?: string;
      kind?: MailboxKind;
      restEnabled?: boolean;
      room?: RoomDetails;
      userPrincipalName?: string;
      timeZone?: string;
    }) => call<Mailbox>('POST', '/mailboxes', input),
    updateMailbox: (
      idOrAddress: string,
      patch: {
        displayName?: string;
        address?: string;
        restEnabled?: boolean;
        room?: RoomDetails;
        userPrincipalName?: string;
        timeZone?: string;
      },
    ) => call<Mailbox>('PATCH', `/mailboxes/${enc(idOrAddress)}`, patch),
    deleteMailbox: (idOrAddress: string) => call<void>('DELETE', `/mailboxes/${enc(idOrAddress)}`),
    listRoomLists: (tenantId?: string) => call<RoomList[]>('GET', `/room-lists${qs({ tenantId })}`),
    createRoomList: (input: { tenantId: string; address: string; displayName: string; id?: string }) =>
      call<RoomList>('POST', '/room-lists', input),

    listEvents: (mailbox: string) => call<GraphEvent[]>('GET', `/mailboxes/${enc(mailbox)}/events`),
    getEvent: (mailbox: string, eventId: string) =>
      call<GraphEvent>('GET', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}`),
    createEvent: (mailbox: string, input: EventInput) =>
      call<GraphEvent>('POST', `/mailboxes/${enc(mailbox)}/events`, input),
    /** Edits a single event, a whole series (master id) or one occurrence (it becomes an exception). */
    updateEvent: (mailbox: string, eventId: string, patch: Partial<EventInput>) =>
      call<GraphEvent>('PATCH', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}`, patch),
    moveEvent: (
      mailbox: string,
      eventId: string,
      to: { start: EventInput['start']; end: EventInput['end'] },
    ) => call<GraphEvent>('POST', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}/move`, to),
    /** Moves an event out of the calendar and back: a new regular id, the same immutable id. */
    moveEventToFolder: (mailbox: string, eventId: string) =>
      call<{ id: string }>('POST', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}/move-folder`),
    renameEvent: (mailbox: string, eventId: string, subject: string) =>
      call<GraphEvent>('POST', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}/rename`, { subject }),
    cancelEvent: (mailbox: string, eventId: string) =>
      call<void>('POST', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}/cancel`),
    deleteEvent: (mailbox: string, eventId: string) =>
      call<void>('DELETE', `/mailboxes/${enc(mailbox)}/events/${enc(eventId)}`),
    mutateRandomly: (count = 1) => call<{ applied: number }>('POST', '/mutations/random', { count }),

    listFaults: () => call<Fault[]>('GET', '/faults'),
    addFault: (spec: FaultSpec) => call<Fault>('POST', '/faults', spec),
    removeFault: (id: string) => call<void>('DELETE', `/faults/${enc(id)}`),
    clearFaults: () => call<void>('DELETE', '/faults'),
    requests: (q: RequestLogQuery = {}) =>
      call<RequestLogEntry[]>(
        'GET',
        `/requests${qs({ route: q.route, appId: q.appId, mailbox: q.mailbox, method: q.method, afterSeq: q.afterSeq, includeBatchItems: q.includeBatchItems === true ? 'true' : undefined })}`,
      ),
    clearRequests: () => call<void>('DELETE', '/requests'),
    getThrottling: () => call<{ settings: ThrottleSettings | false }>('GET', '/throttling'),
    setThrottling: (options: ThrottlingOptions | false) =>
      call<{ settings: ThrottleSettings | false }>('PUT', '/throttling', options),

    /** Every live Graph subscription (all apps). */
    listSubscriptions: () => call<SubscriptionView[]>('GET', '/subscriptions'),
    /** Sends a lifecycle event now; subscriptionRemoved also deletes the subscription. */
    sendLifecycleEvent: (subscriptionId: string, lifecycleEvent: LifecycleEvent) =>
      call<{ queued: boolean }>('POST', `/subscriptions/${encodeURIComponent(subscriptionId)}/lifecycle`, {
        lifecycleEvent,
      }),
    getNotificationSettings: () => call<NotificationSettings>('GET', '/notifications/settings'),
    /** Changes limits, timeouts, the retry schedule or notification faults; omitted keys are kept. */
    setNotificationSettings: (
      patch: Partial<Omit<NotificationSettings, 'faults'>> & { faults?: Partial<NotificationFaults> },
    ) => call<NotificationSettings>('PATCH', '/notifications/settings', patch),
    /** Validation calls and delivery attempts so far, and how many notifications wait for (re)delivery. */
    notificationDeliveries: () =>
      call<{ pending: number; attempts: DeliveryAttempt[] }>('GET', '/notifications/deliveries'),
    getBehaviour: () => call<FieldBehaviour>('GET', '/behaviour'),
    /** Switches documented/field behaviours; omitted keys are left as they are. */
    setBehaviour: (patch: Partial<FieldBehaviour>) => call<FieldBehaviour>('PATCH', '/behaviour', patch),

    getClock: () => call<{ now: string }>('GET', '/clock'),
    setClock: (at: Date | string) =>
      call<{ now: string }>('POST', '/clock', { set: typeof at === 'string' ? at : at.toISOString() }),
    advanceClock: (ms: number) => call<{ now: string }>('POST', '/clock', { advanceMs: ms }),
    reset: (seed?: string | false) =>
      call<{ seed: string | false; summary: SeedSummary | null }>(
        'POST',
        '/reset',
        seed === undefined ? {} : { seed },
      ),
    seed: () => call<{ seed: string | false; summary: SeedSummary | null }>('GET', '/seed'),
  };
}

export type EmulatorControl = ReturnType<typeof createEmulatorControl>;
