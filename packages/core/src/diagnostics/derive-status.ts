import type { ConnectorStatus } from '../db/schema/enums.ts';
import { TEMPORARY_FAILURE_KINDS, type Failure } from '../providers/failure.ts';
import type { CheckName, DiagnosticCheck } from './diagnostic-types.ts';

const SIGN_IN_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>([
  'TOKEN',
  'REACHABILITY',
  'AUTHENTICATION',
  'EWS_ENABLED',
  'AUTODISCOVER',
]);

export interface DerivedStatus {
  /** null: the check could not tell (Microsoft unreachable or throttling) — keep the current status. */
  status: Exclude<ConnectorStatus, 'PENDING' | 'DISABLED'> | null;
  detail: string;
}

/** The classified failures behind the checks (the checks themselves are for people). */
export interface StatusEvidence {
  /** Why no token was issued; null when one was. */
  token: Failure | null;
  /** One per probed mailbox that could not be read. */
  mailboxes: readonly Failure[];
}

/**
 * Connector status from its checks, in priority order: no token because Microsoft could not be
 * reached or throttled → unchanged (status null); no token otherwise → AUTH_FAILED; a failed
 * PERMISSIONS check, or every probed mailbox refused (a token without roles is only a WARN: RBAC for
 * Applications grants in Exchange) → CONSENT_REQUIRED; any other
 * failure (some mailboxes, an expired credential) → DEGRADED; else HEALTHY.
 */
export function deriveStatus(
  checks: readonly DiagnosticCheck[],
  evidence: StatusEvidence = { token: null, mailboxes: [] },
): DerivedStatus {
  // Microsoft's token, or on-premises Exchange's reachability and sign-in: the connector-level checks.
  const token = checks.find((c) => SIGN_IN_CHECKS.has(c.name) && c.status === 'FAIL');
  const backEnd = token?.name === 'TOKEN' ? 'Microsoft' : 'Exchange';
  const tokenFailure = evidence.token;
  if (token && tokenFailure !== null && TEMPORARY_FAILURE_KINDS.has(tokenFailure.kind)) {
    const why = tokenFailure.kind === 'throttled' ? 'throttled the sign-in' : 'could not be reached';
    return {
      status: null,
      detail: `Not re-checked: ${backEnd} ${why}${token.code ? ` (${token.code})` : ''}. This is temporary; the status is unchanged and the check will run again.`,
    };
  }
  if (token) {
    return {
      status: 'AUTH_FAILED',
      detail: plain(backEnd === 'Microsoft' ? 'No token from Microsoft' : 'Exchange sign-in failed', token),
    };
  }
  const permissions = checks.find((c) => c.name === 'PERMISSIONS');
  if (permissions?.status === 'FAIL') {
    return { status: 'CONSENT_REQUIRED', detail: plain('Admin consent missing', permissions) };
  }
  const probed = checks.filter(
    (c) => c.name === 'MAILBOX_ACCESS' && c.target !== null && c.status !== 'SKIPPED',
  );
  const failed = probed.filter((c) => c.status === 'FAIL');
  const denied = evidence.mailboxes.filter((f) => f.kind === 'access-denied');
  // Every probed mailbox refused a token the directory issued: the app's permission, not the mailboxes.
  if (failed.length > 0 && failed.length === probed.length && denied.length === probed.length) {
    return { status: 'CONSENT_REQUIRED', detail: plain('Every mailbox refused access', failed[0]!) };
  }
  if (failed.length > 0) {
    const list = failed
      .slice(0, 5)
      .map((c) => `${c.target} (${c.code ?? 'error'})`)
      .join(', ');
    const more = failed.length > 5 ? ` and ${failed.length - 5} more` : '';
    return {
      status: 'DEGRADED',
      detail: `${failed.length} of ${probed.length} probed mailboxes cannot be read: ${list}${more}. See lastDiagnostics for each remedy.`,
    };
  }
  const otherFailure = checks.find((c) => c.status === 'FAIL');
  if (otherFailure) return { status: 'DEGRADED', detail: plain('Needs attention', otherFailure) };
  const warning = checks.find((c) => c.status === 'WARN');
  return {
    status: 'HEALTHY',
    detail: warning
      ? `Working. Note: ${warning.message}`
      : 'Working: token, permissions and mailbox access checked.',
  };
}

function plain(prefix: string, c: DiagnosticCheck): string {
  const code = c.code ? ` (${c.code})` : '';
  return `${prefix}${code}: ${c.message}${c.remedy ? ` ${c.remedy}` : ''}`;
}
