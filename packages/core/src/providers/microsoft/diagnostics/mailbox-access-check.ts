import { classifyMicrosoftFailure } from '../classify-failure.ts';
import type { GraphClient } from '../graph/graph-http.ts';
import { CONSENT_REMEDY, rbacRemedy } from './permissions-check.ts';
import { check, type DiagnosticCheck } from '../../../diagnostics/diagnostic-types.ts';
import type { Failure } from '../../failure.ts';

/** A probed mailbox: the check shown to the user and the failure it rests on (null when readable). */
export interface MailboxProbe {
  check: DiagnosticCheck;
  failure: Failure | null;
}

export {
  MAILBOX_PROBE_CONCURRENCY,
  MAILBOX_PROBE_LIMIT,
  mapWithConcurrency,
  pickProbeTargets,
} from '../../../diagnostics/probe-targets.ts';

const policyRemedy = (address: string, clientId: string): string =>
  `The mailbox is outside the app's ApplicationAccessPolicy (legacy; Exchange Online RBAC for Applications replaces it). In Exchange Online PowerShell, add ${address} to the mail-enabled security group the policy is scoped to (or scope a policy with New-ApplicationAccessPolicy -AppId ${clientId} -PolicyScopeGroupId <group> -AccessRight RestrictAccess), then verify with Test-ApplicationAccessPolicy -Identity ${address} -AppId ${clientId}. Changes can take up to an hour to apply.`;

/**
 * A minimal calendarView request (one hour, one item, id only) as the app, mapped to a check.
 * @see https://learn.microsoft.com/graph/auth-limit-mailbox-access
 */
export async function probeMailbox(
  graph: GraphClient,
  address: string,
  clientId: string,
  now: Date,
  signal: AbortSignal,
): Promise<MailboxProbe> {
  const start = now.toISOString();
  const end = new Date(now.getTime() + 3_600_000).toISOString();
  try {
    await graph.get(
      `/users/${encodeURIComponent(address)}/calendarView?startDateTime=${start}&endDateTime=${end}&$top=1&$select=id`,
      { signal, headers: { Prefer: 'outlook.timezone="UTC"' } },
    );
    return {
      check: check('MAILBOX_ACCESS', 'PASS', 'The calendar can be read.', { target: address }),
      failure: null,
    };
  } catch (error) {
    if (signal.aborted) {
      return { check: skippedProbe(address), failure: null };
    }
    const failure = classifyMicrosoftFailure(error);
    return { check: mailboxFailureCheck(failure, address, clientId), failure };
  }
}

export const skippedProbe = (address: string): DiagnosticCheck =>
  check('MAILBOX_ACCESS', 'SKIPPED', 'Not probed: the check ran out of time.', { target: address });

export function mailboxFailureCheck(failure: Failure, address: string, clientId: string): DiagnosticCheck {
  const at = { target: address, code: failure.code };
  switch (failure.kind) {
    case 'mailbox':
      switch (failure.reason) {
        case 'policy-denied':
          return check(
            'MAILBOX_ACCESS',
            'FAIL',
            `Access denied by an ApplicationAccessPolicy: "${failure.message}"`,
            {
              ...at,
              remedy: policyRemedy(address, clientId),
            },
          );
        case 'not-found':
          return check(
            'MAILBOX_ACCESS',
            'FAIL',
            'Microsoft Graph cannot address this mailbox: it answers only to the object id or the user principal name, and this address is neither, or the mailbox was deleted.',
            {
              ...at,
              remedy:
                'Grant the app User.Read.All (Entra admin center → App registrations → API permissions → Microsoft Graph → Application permissions, then Grant admin consent) so calsync resolves the address to the object id at the next full sync; rooms can also be added from the room directory with Place.Read.All. Otherwise add the mailbox by its user principal name, check the spelling, or remove it from the connector.',
            },
          );
        case 'not-enabled':
          return check(
            'MAILBOX_ACCESS',
            'FAIL',
            'The mailbox cannot be read through Graph: it is unlicensed, inactive, soft-deleted or hosted on-premises.',
            {
              ...at,
              remedy:
                'Assign an Exchange Online license (or move the mailbox to Exchange Online; room and equipment mailboxes need none), or remove it from the connector.',
            },
          );
      }
      break;
    case 'consent':
    case 'access-denied':
      // Out of an RBAC for Applications scope, or no grant at all: the same 403 (docs/microsoft-graph.md §9.2).
      return check('MAILBOX_ACCESS', 'FAIL', `Microsoft Graph denied access: "${failure.message}"`, {
        ...at,
        remedy: `The app is not granted this calendar. ${rbacRemedy(clientId, address)} Or grant Calendars.Read for every mailbox in Entra: ${CONSENT_REMEDY}`,
      });
    case 'auth':
      return check('MAILBOX_ACCESS', 'FAIL', `Microsoft Graph rejected the token: "${failure.message}"`, {
        ...at,
        remedy: 'Run the check again; if it persists, check the app registration and credential.',
      });
    case 'throttled':
    case 'transient':
    case 'infrastructure':
      return check('MAILBOX_ACCESS', 'WARN', `Could not be checked now: ${failure.message}`, {
        ...at,
        remedy: 'Run the check again in a few minutes.',
      });
    case 'cursor-expired':
    case 'item-missing':
    case 'unknown':
      break;
  }
  return check('MAILBOX_ACCESS', 'FAIL', `Microsoft Graph answered: ${failure.message}`, {
    ...at,
    remedy: 'Check the mailbox in the Exchange admin center, or remove it from the connector.',
  });
}
