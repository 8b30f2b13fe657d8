import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';

const FULL_CALENDAR_ROLES = ['Calendars.Read', 'Calendars.ReadWrite'];
/** Least privilege: events without body and attachments (docs/microsoft-graph.md §7). */
const READ_BASIC_ROLE = 'Calendars.ReadBasic.All';
const CALENDAR_ROLES = [...FULL_CALENDAR_ROLES, READ_BASIC_ROLE];
const PLACE_ROLE = 'Place.Read.All';

export const CONSENT_REMEDY =
  'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions → Calendars.Read → Add permissions, then click "Grant admin consent for <your organisation>" and wait for the green "Granted" status (new consent can take a few minutes to reach tokens).';

export const PLACE_REMEDY =
  'To let calsync list rooms, add Microsoft Graph → Application permissions → Place.Read.All under API permissions and grant admin consent.';

/** Exchange Online RBAC for Applications: the grant lives in Exchange, scoped to some mailboxes. */
export const rbacRemedy = (clientId: string, address = '<mailbox>'): string =>
  `With Exchange Online RBAC for Applications, in Exchange Online PowerShell run New-ServicePrincipal -AppId ${clientId} -ObjectId <enterprise app object id> once, then New-ManagementRoleAssignment -App ${clientId} -Role "Application Calendars.Read" -CustomResourceScope <management scope> (or -RecipientAdministrativeUnitScope <administrative unit>) covering the mailbox, and verify with Test-ServicePrincipalAuthorization -Identity ${clientId} -Resource ${address} (changes take 30 minutes to 2 hours to apply).`;

export function hasCalendarRole(roles: readonly string[]): boolean {
  return roles.some((r) => CALENDAR_ROLES.includes(r));
}

/**
 * The token's `roles`. No calendar role is not a failure: with Exchange Online RBAC for Applications the
 * grant lives in Exchange and never reaches the token (docs/microsoft-graph.md §9.2), so the mailbox
 * probes decide.
 */
export function permissionsCheck(roles: readonly string[], clientId: string): DiagnosticCheck {
  if (!hasCalendarRole(roles)) {
    const granted = roles.length === 0 ? 'no application permissions' : `only ${roles.join(', ')}`;
    return check(
      'PERMISSIONS',
      'WARN',
      `The token carries ${granted}, no Calendars.Read. That is expected when calendars are granted in Exchange Online (RBAC for Applications): the mailbox checks below decide.`,
      { remedy: `Either grant Calendars.Read in Entra: ${CONSENT_REMEDY} Or: ${rbacRemedy(clientId)}` },
    );
  }
  if (!roles.some((r) => FULL_CALENDAR_ROLES.includes(r))) {
    return check(
      'PERMISSIONS',
      'WARN',
      'Calendars.ReadBasic.All reads events without their body and attachments: join links that appear only in an invitation body are not found (links in the Teams meeting data or the location are).',
      {
        remedy:
          'Nothing to do if join links in bodies do not matter. Otherwise grant Microsoft Graph → Application permissions → Calendars.Read (with admin consent) instead.',
      },
    );
  }
  if (!roles.includes(PLACE_ROLE)) {
    return check(
      'PERMISSIONS',
      'WARN',
      'Calendars can be read, but room discovery is unavailable: Place.Read.All is not granted.',
      {
        remedy: PLACE_REMEDY,
      },
    );
  }
  return check('PERMISSIONS', 'PASS', 'Calendars.Read and Place.Read.All are granted.');
}
