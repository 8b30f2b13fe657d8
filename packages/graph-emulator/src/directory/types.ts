/** Directory state of the emulator: what Entra ID and Exchange Online know about tenants, apps and mailboxes. */

export interface Tenant {
  id: string;
  displayName: string;
  /** Verified domains, e.g. contoso.onmicrosoft.com; the token endpoint accepts any of them instead of the GUID. */
  domains: string[];
}

export interface ClientSecret {
  id: string;
  displayName: string;
  value: string;
  /** ISO instant; null = never expires. Compared with the emulator clock. */
  expiresAt: string | null;
}

export interface ClientCertificate {
  id: string;
  certPem: string;
  /** base64url SHA-1 of the DER certificate (JWT header `x5t`). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate (JWT header `x5t#S256`). */
  x5tS256: string;
  expiresAt: string | null;
}

export type AccessRight = 'RestrictAccess' | 'DenyAccess';

/** Exchange ApplicationAccessPolicy: members are mailbox ids or addresses (the scope group, flattened). */
export interface AccessPolicy {
  accessRight: AccessRight;
  members: string[];
}

/** Where an Exchange role assignment applies: the organisation, a management scope or an administrative unit (members flattened to mailbox ids or addresses). */
export type ExchangeRoleScope =
  | { type: 'Organization' }
  | { type: 'CustomRecipientScope' | 'AdministrativeUnit'; name: string; members: string[] };

/** New-ManagementRoleAssignment -App … -Role "Application Calendars.Read" [-CustomResourceScope | -RecipientAdministrativeUnitScope]. */
export interface ExchangeRoleAssignment {
  id: string;
  role: string;
  scope: ExchangeRoleScope;
}

export interface AppRegistration {
  clientId: string;
  tenantId: string;
  displayName: string;
  /** Object id of the service principal: the token's oid/sub. */
  servicePrincipalId: string;
  enabled: boolean;
  /** Granted application permissions (admin consent), e.g. Calendars.Read; empty = no consent. */
  roles: string[];
  secrets: ClientSecret[];
  certificates: ClientCertificate[];
  accessPolicy: AccessPolicy | null;
  /** Exchange RBAC for Applications grants; additive with `roles`, never in the token. */
  exchangeRoleAssignments: ExchangeRoleAssignment[];
  /** false = the app registration has no service principal (enterprise app) in its tenant: AADSTS7000229. */
  hasServicePrincipal: boolean;
  /** A Conditional Access policy for workload identities blocks this app: AADSTS53003. */
  blockedByConditionalAccess: boolean;
}

export type MailboxKind = 'user' | 'room' | 'equipment';

/** Set-CalendarProcessing switches that rewrite a room's copy of a booking (docs/microsoft-graph.md §9.5). */
export interface CalendarProcessing {
  addOrganizerToSubject: boolean;
  deleteSubject: boolean;
  deleteComments: boolean;
  removePrivateProperty: boolean;
}

/** Microsoft's `bookingType` of a room: reserved rooms are not bookable by anyone but their owner. */
export type RoomBookingType = 'standard' | 'reserved' | 'unknown';

/**
 * Optional room metadata served by /places: the properties of Microsoft's `room` resource
 * (docs/microsoft-graph.md §6.3). Omitted fields are served as null (tags as []).
 */
export interface RoomDetails {
  /** Omitted: Exchange's defaults in the field (behaviour roomCalendarProcessing), else none. */
  calendarProcessing?: CalendarProcessing | undefined;
  capacity?: number | undefined;
  building?: string | undefined;
  floorNumber?: number | undefined;
  floorLabel?: string | undefined;
  /** The room list (distribution group) the room belongs to; omitted = in no list. */
  roomListAddress?: string | undefined;
  address?: Record<string, string> | undefined;
  bookingType?: RoomBookingType | undefined;
  isWheelChairAccessible?: boolean | undefined;
  audioDeviceName?: string | undefined;
  videoDeviceName?: string | undefined;
  displayDeviceName?: string | undefined;
  tags?: string[] | undefined;
  nickname?: string | undefined;
  label?: string | undefined;
  geoCoordinates?: { latitude: number; longitude: number } | undefined;
}

export interface Mailbox {
  id: string;
  tenantId: string;
  /** Primary SMTP address. */
  address: string;
  /** Sign-in name; equals the address unless set (docs/microsoft-graph.md §9.6: mailbox paths accept the id or the UPN only). */
  userPrincipalName: string;
  /** Mailbox settings time zone (Windows or IANA name), as GET /users/{id}/mailboxSettings returns it. */
  timeZone: string;
  displayName: string;
  kind: MailboxKind;
  /** false = on-premises, inactive or unlicensed: Graph answers MailboxNotEnabledForRESTAPI. */
  restEnabled: boolean;
  room?: RoomDetails | undefined;
}

export interface RoomList {
  id: string;
  tenantId: string;
  address: string;
  displayName: string;
}
