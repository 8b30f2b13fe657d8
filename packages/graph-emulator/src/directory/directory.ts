import type { IdSource } from '../ids.ts';
import { DirectoryError } from './directory-error.ts';
import { createMailboxIndex } from './mailbox-index.ts';
import { computeThumbprints } from './thumbprints.ts';
import type {
  AccessPolicy,
  AppRegistration,
  ExchangeRoleAssignment,
  ExchangeRoleScope,
  ClientCertificate,
  ClientSecret,
  Mailbox,
  MailboxKind,
  RoomDetails,
  RoomList,
  Tenant,
} from './types.ts';

export interface TenantInput {
  id?: string | undefined;
  displayName: string;
  domains?: string[] | undefined;
}
export interface AppInput {
  tenantId: string;
  displayName: string;
  clientId?: string | undefined;
  enabled?: boolean | undefined;
  roles?: string[] | undefined;
  accessPolicy?: AccessPolicy | null | undefined;
  hasServicePrincipal?: boolean | undefined;
  blockedByConditionalAccess?: boolean | undefined;
}
export type AppPatch = Partial<
  Pick<
    AppRegistration,
    | 'displayName'
    | 'enabled'
    | 'roles'
    | 'accessPolicy'
    | 'hasServicePrincipal'
    | 'blockedByConditionalAccess'
  >
>;
export interface SecretInput {
  displayName?: string | undefined;
  value?: string | undefined;
  expiresAt?: string | null | undefined;
}
export interface CertificateInput {
  certPem: string;
  expiresAt?: string | null | undefined;
}
export interface MailboxInput {
  tenantId: string;
  address: string;
  displayName: string;
  id?: string | undefined;
  kind?: MailboxKind | undefined;
  restEnabled?: boolean | undefined;
  room?: RoomDetails | undefined;
  userPrincipalName?: string | undefined;
  timeZone?: string | undefined;
}
export type MailboxPatch = Partial<
  Pick<Mailbox, 'displayName' | 'restEnabled' | 'room' | 'address' | 'userPrincipalName' | 'timeZone'>
>;
export interface RoomListInput {
  tenantId: string;
  address: string;
  displayName: string;
  id?: string | undefined;
}

/** In-memory Entra + Exchange directory. Lookups by GUID, domain and address are case-insensitive. */
export interface Directory {
  createTenant(input: TenantInput): Tenant;
  updateTenant(id: string, patch: Partial<Pick<Tenant, 'displayName' | 'domains'>>): Tenant;
  deleteTenant(id: string): { mailboxIds: string[] };
  findTenant(idOrDomain: string): Tenant | undefined;
  listTenants(): Tenant[];
  createApp(input: AppInput): AppRegistration;
  updateApp(clientId: string, patch: AppPatch): AppRegistration;
  deleteApp(clientId: string): void;
  findApp(clientId: string): AppRegistration | undefined;
  listApps(tenantId?: string): AppRegistration[];
  addSecret(clientId: string, input: SecretInput): ClientSecret;
  removeSecret(clientId: string, secretId: string): void;
  addCertificate(clientId: string, input: CertificateInput): ClientCertificate;
  removeCertificate(clientId: string, certificateId: string): void;
  addExchangeRoleAssignment(
    clientId: string,
    input: { role: string; scope: ExchangeRoleScope },
  ): ExchangeRoleAssignment;
  removeExchangeRoleAssignment(clientId: string, assignmentId: string): void;
  createMailbox(input: MailboxInput): Mailbox;
  updateMailbox(idOrAddress: string, patch: MailboxPatch): Mailbox;
  deleteMailbox(idOrAddress: string): Mailbox;
  findMailbox(idOrAddress: string): Mailbox | undefined;
  /** How Graph resolves /users/{key}: object id or UPN, plus the primary SMTP address when `smtp` is set. */
  resolveUser(key: string, options: { smtp: boolean }): Mailbox | undefined;
  listMailboxes(tenantId?: string): Mailbox[];
  /** A tenant's room mailboxes in creation order (what /places lists); read-only. */
  listRooms(tenantId: string): readonly Mailbox[];
  /** A tenant's rooms whose room list address is `listAddress` (case-insensitive), in creation order; read-only. */
  listRoomsInList(tenantId: string, listAddress: string): readonly Mailbox[];
  /** A tenant's mailboxes whose primary SMTP address or UPN is `value` (case-insensitive), in creation order. */
  findUsers(tenantId: string, field: 'address' | 'userPrincipalName', value: string): Mailbox[];
  createRoomList(input: RoomListInput): RoomList;
  listRoomLists(tenantId?: string): RoomList[];
}

export function createDirectory(ids: IdSource): Directory {
  const tenants = new Map<string, Tenant>();
  const apps = new Map<string, AppRegistration>();
  const mailboxes = createMailboxIndex();
  const roomLists = new Map<string, RoomList>();
  const key = (s: string): string => s.toLowerCase();

  const requireTenant = (id: string): Tenant => {
    const t = tenants.get(key(id));
    if (!t) throw new DirectoryError('NotFound', `tenant ${id} not found`);
    return t;
  };
  const requireApp = (clientId: string): AppRegistration => {
    const a = apps.get(key(clientId));
    if (!a) throw new DirectoryError('NotFound', `app ${clientId} not found`);
    return a;
  };
  const findMailbox = (idOrAddress: string): Mailbox | undefined =>
    mailboxes.byId(idOrAddress) ?? mailboxes.firstNamed(idOrAddress, { address: true, upn: true });
  const requireMailbox = (idOrAddress: string): Mailbox => {
    const m = findMailbox(idOrAddress);
    if (!m) throw new DirectoryError('NotFound', `mailbox ${idOrAddress} not found`);
    return m;
  };
  const domainTaken = (domain: string, exceptTenant?: string): boolean =>
    [...tenants.values()].some((t) => t.id !== exceptTenant && t.domains.some((d) => key(d) === key(domain)));

  return {
    createTenant(input) {
      const id = input.id ?? ids.guid();
      if (tenants.has(key(id))) throw new DirectoryError('Conflict', `tenant ${id} exists`);
      const slug = input.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'tenant';
      const domains = input.domains ?? [`${slug}.onmicrosoft.com`];
      for (const d of domains)
        if (domainTaken(d)) throw new DirectoryError('Conflict', `domain ${d} is already verified`);
      const tenant: Tenant = { id, displayName: input.displayName, domains };
      tenants.set(key(id), tenant);
      return tenant;
    },
    updateTenant(id, patch) {
      const t = requireTenant(id);
      if (patch.domains) {
        for (const d of patch.domains)
          if (domainTaken(d, t.id)) throw new DirectoryError('Conflict', `domain ${d} is already verified`);
        t.domains = patch.domains;
      }
      if (patch.displayName !== undefined) t.displayName = patch.displayName;
      return t;
    },
    deleteTenant(id) {
      const t = requireTenant(id);
      tenants.delete(key(t.id));
      for (const a of [...apps.values()]) if (a.tenantId === t.id) apps.delete(key(a.clientId));
      for (const r of [...roomLists.values()]) if (r.tenantId === t.id) roomLists.delete(key(r.id));
      return { mailboxIds: mailboxes.removeTenant(t.id).map((m) => m.id) };
    },
    findTenant(idOrDomain) {
      const k = key(idOrDomain);
      return tenants.get(k) ?? [...tenants.values()].find((t) => t.domains.some((d) => key(d) === k));
    },
    listTenants: () => [...tenants.values()],

    createApp(input) {
      requireTenant(input.tenantId);
      const clientId = input.clientId ?? ids.guid();
      if (apps.has(key(clientId))) throw new DirectoryError('Conflict', `app ${clientId} exists`);
      const app: AppRegistration = {
        clientId,
        tenantId: requireTenant(input.tenantId).id,
        displayName: input.displayName,
        servicePrincipalId: ids.guid(),
        enabled: input.enabled ?? true,
        roles: input.roles ?? ['Calendars.Read'],
        secrets: [],
        certificates: [],
        accessPolicy: input.accessPolicy ?? null,
        exchangeRoleAssignments: [],
        hasServicePrincipal: input.hasServicePrincipal ?? true,
        blockedByConditionalAccess: input.blockedByConditionalAccess ?? false,
      };
      apps.set(key(clientId), app);
      return app;
    },
    updateApp(clientId, patch) {
      const a = requireApp(clientId);
      if (patch.displayName !== undefined) a.displayName = patch.displayName;
      if (patch.enabled !== undefined) a.enabled = patch.enabled;
      if (patch.roles !== undefined) a.roles = [...patch.roles];
      if (patch.accessPolicy !== undefined) a.accessPolicy = patch.accessPolicy;
      if (patch.hasServicePrincipal !== undefined) a.hasServicePrincipal = patch.hasServicePrincipal;
      if (patch.blockedByConditionalAccess !== undefined)
        a.blockedByConditionalAccess = patch.blockedByConditionalAccess;
      return a;
    },
    deleteApp(clientId) {
      requireApp(clientId);
      apps.delete(key(clientId));
    },
    findApp: (clientId) => apps.get(key(clientId)),
    listApps: (tenantId) =>
      [...apps.values()].filter((a) => tenantId === undefined || a.tenantId === tenantId),
    addSecret(clientId, input) {
      const a = requireApp(clientId);
      const secret: ClientSecret = {
        id: ids.guid(),
        displayName: input.displayName ?? 'emulator secret',
        value: input.value ?? ids.secretValue(),
        expiresAt: input.expiresAt === undefined ? null : input.expiresAt,
      };
      a.secrets.push(secret);
      return secret;
    },
    removeSecret(clientId, secretId) {
      const a = requireApp(clientId);
      if (!a.secrets.some((s) => s.id === secretId))
        throw new DirectoryError('NotFound', `secret ${secretId} not found`);
      a.secrets = a.secrets.filter((s) => s.id !== secretId);
    },
    addCertificate(clientId, input) {
      const a = requireApp(clientId);
      const t = computeThumbprints(input.certPem);
      const cert: ClientCertificate = {
        id: ids.guid(),
        certPem: input.certPem,
        x5t: t.x5t,
        x5tS256: t.x5tS256,
        expiresAt: input.expiresAt === undefined ? t.notAfter.toISOString() : input.expiresAt,
      };
      a.certificates.push(cert);
      return cert;
    },
    removeCertificate(clientId, certificateId) {
      const a = requireApp(clientId);
      if (!a.certificates.some((c) => c.id === certificateId)) {
        throw new DirectoryError('NotFound', `certificate ${certificateId} not found`);
      }
      a.certificates = a.certificates.filter((c) => c.id !== certificateId);
    },

    addExchangeRoleAssignment(clientId, input) {
      const a = requireApp(clientId);
      const assignment: ExchangeRoleAssignment = { id: ids.guid(), role: input.role, scope: input.scope };
      a.exchangeRoleAssignments.push(assignment);
      return assignment;
    },
    removeExchangeRoleAssignment(clientId, assignmentId) {
      const a = requireApp(clientId);
      if (!a.exchangeRoleAssignments.some((r) => r.id === assignmentId))
        throw new DirectoryError('NotFound', `role assignment ${assignmentId} not found`);
      a.exchangeRoleAssignments = a.exchangeRoleAssignments.filter((r) => r.id !== assignmentId);
    },

    createMailbox(input) {
      const tenant = requireTenant(input.tenantId);
      const id = input.id ?? ids.guid();
      if (mailboxes.byId(id) || findMailbox(input.address)) {
        throw new DirectoryError('Conflict', `mailbox ${input.address} exists`);
      }
      const mailbox: Mailbox = {
        id,
        tenantId: tenant.id,
        address: input.address,
        displayName: input.displayName,
        userPrincipalName: input.userPrincipalName ?? input.address,
        timeZone: input.timeZone ?? 'UTC',
        kind: input.kind ?? 'user',
        restEnabled: input.restEnabled ?? true,
        room: input.room,
      };
      mailboxes.add(mailbox);
      return mailbox;
    },
    updateMailbox(idOrAddress, patch) {
      const m = requireMailbox(idOrAddress);
      if (patch.address !== undefined) {
        const other = findMailbox(patch.address);
        if (other && other !== m) throw new DirectoryError('Conflict', `mailbox ${patch.address} exists`);
      }
      mailboxes.update(m, () => {
        if (patch.address !== undefined) m.address = patch.address;
        if (patch.displayName !== undefined) m.displayName = patch.displayName;
        if (patch.restEnabled !== undefined) m.restEnabled = patch.restEnabled;
        if (patch.room !== undefined) m.room = patch.room;
        if (patch.userPrincipalName !== undefined) m.userPrincipalName = patch.userPrincipalName;
        if (patch.timeZone !== undefined) m.timeZone = patch.timeZone;
      });
      return m;
    },
    deleteMailbox(idOrAddress) {
      const m = requireMailbox(idOrAddress);
      mailboxes.remove(m);
      return m;
    },
    findMailbox,
    resolveUser: (k, options) =>
      mailboxes.byId(k) ?? mailboxes.firstNamed(k, { address: options.smtp, upn: true }),
    listMailboxes: (tenantId) =>
      tenantId === undefined ? [...mailboxes.all()] : [...mailboxes.ofTenant(tenantId)],
    listRooms: (tenantId) => mailboxes.roomsOfTenant(tenantId),
    listRoomsInList: (tenantId, listAddress) => mailboxes.roomsInList(tenantId, listAddress),
    findUsers: (tenantId, field, value) =>
      mailboxes.named(field, value).filter((m) => m.tenantId === tenantId),
    createRoomList(input) {
      requireTenant(input.tenantId);
      const id = input.id ?? ids.guid();
      const list: RoomList = {
        id,
        tenantId: input.tenantId,
        address: input.address,
        displayName: input.displayName,
      };
      roomLists.set(key(id), list);
      return list;
    },
    listRoomLists: (tenantId) =>
      [...roomLists.values()].filter((r) => tenantId === undefined || r.tenantId === tenantId),
  };
}
