import type { AppRegistration, ExchangeRoleAssignment, Mailbox } from './types.ts';

/**
 * Exchange Online RBAC for Applications (docs/microsoft-graph.md §9.2): `New-ManagementRoleAssignment -App <appId>
 * -Role "Application Calendars.Read" -CustomResourceScope <scope>` grants a permission on the mailboxes of
 * a management scope (or an administrative unit, or the whole organisation without a scope). The grant
 * lives in Exchange, so it never shows in the token's `roles`; it adds to whatever Entra granted.
 */

/** Exchange application roles the emulator knows, and the Graph permission each stands for. */
export const EXCHANGE_APPLICATION_ROLES: Readonly<Record<string, string>> = {
  'Application Calendars.Read': 'Calendars.Read',
  'Application Calendars.ReadWrite': 'Calendars.ReadWrite',
  'Application MailboxSettings.Read': 'MailboxSettings.Read',
  'Application MailboxSettings.ReadWrite': 'MailboxSettings.ReadWrite',
};

function inScope(assignment: ExchangeRoleAssignment, mailbox: Mailbox): boolean {
  if (assignment.scope.type === 'Organization') return true;
  const members = new Set(assignment.scope.members.map((m) => m.toLowerCase()));
  return members.has(mailbox.id.toLowerCase()) || members.has(mailbox.address.toLowerCase());
}

/** Whether an Exchange role assignment of `app` grants one of `permissions` on `mailbox`. */
export function exchangeGrants(
  app: AppRegistration,
  mailbox: Mailbox,
  permissions: readonly string[],
): boolean {
  return app.exchangeRoleAssignments.some((a) => {
    const permission = EXCHANGE_APPLICATION_ROLES[a.role];
    return permission !== undefined && permissions.includes(permission) && inScope(a, mailbox);
  });
}

/** Whether `app` has any Exchange grant of one of `permissions` (on any scope). */
export function hasExchangeGrant(app: AppRegistration, permissions: readonly string[]): boolean {
  return app.exchangeRoleAssignments.some((a) => {
    const permission = EXCHANGE_APPLICATION_ROLES[a.role];
    return permission !== undefined && permissions.includes(permission);
  });
}

/** One line of Test-ServicePrincipalAuthorization's output: Exchange grants only, Entra grants ignored. */
export interface ServicePrincipalAuthorizationResult {
  RoleName: string;
  GrantedPermissions: string;
  AllowedResourceScope: string;
  ScopeType: string;
  InScope: boolean;
}

/** `Test-ServicePrincipalAuthorization -Identity <app> -Resource <mailbox>`. */
export function testServicePrincipalAuthorization(
  app: AppRegistration,
  mailbox: Mailbox,
): ServicePrincipalAuthorizationResult[] {
  return app.exchangeRoleAssignments.map((a) => ({
    RoleName: a.role,
    GrantedPermissions: EXCHANGE_APPLICATION_ROLES[a.role] ?? '',
    AllowedResourceScope: a.scope.type === 'Organization' ? 'Organization' : a.scope.name,
    ScopeType: a.scope.type,
    InScope: inScope(a, mailbox),
  }));
}
