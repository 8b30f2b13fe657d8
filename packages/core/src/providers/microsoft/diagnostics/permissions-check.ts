import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';

const CALENDAR_ROLES = ['Calendars.Read', 'Calendars.ReadWrite'];
const PLACE_ROLE = 'Place.Read.All';

export const CONSENT_REMEDY =
  'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions → Calendars.Read → Add permissions, then click "Grant admin consent for <your organisation>" and wait for the green "Granted" status (new consent can take a few minutes to reach tokens).';

export const PLACE_REMEDY =
  'To let calsync list rooms, add Microsoft Graph → Application permissions → Place.Read.All under API permissions and grant admin consent.';

export function hasCalendarRole(roles: readonly string[]): boolean {
  return roles.some((r) => CALENDAR_ROLES.includes(r));
}

/** The token's `roles`: no calendar role means admin consent is missing (Entra still issues the token). */
export function permissionsCheck(roles: readonly string[]): DiagnosticCheck {
  if (!hasCalendarRole(roles)) {
    return check(
      'PERMISSIONS',
      'FAIL',
      roles.length === 0
        ? 'The token carries no application permissions: admin consent has not been granted.'
        : `The token lacks Calendars.Read (granted: ${roles.join(', ')}).`,
      { remedy: CONSENT_REMEDY },
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
