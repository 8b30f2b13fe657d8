import type { ConnectorStatus } from '../db/schema/enums.ts';
import type { DiagnosticCheck } from './diagnostic-types.ts';

export interface DerivedStatus {
  status: Exclude<ConnectorStatus, 'PENDING' | 'DISABLED'>;
  detail: string;
}

/**
 * Connector status from its checks, in priority order: no token → AUTH_FAILED; token without
 * calendar consent (or every probed mailbox refused for consent) → CONSENT_REQUIRED; any other
 * failure (some mailboxes, an expired credential) → DEGRADED; else HEALTHY.
 */
export function deriveStatus(checks: readonly DiagnosticCheck[]): DerivedStatus {
  const token = checks.find((c) => c.name === 'TOKEN');
  if (token?.status === 'FAIL') {
    return { status: 'AUTH_FAILED', detail: plain('No token from Microsoft', token) };
  }
  const permissions = checks.find((c) => c.name === 'PERMISSIONS');
  if (permissions?.status === 'FAIL') {
    return { status: 'CONSENT_REQUIRED', detail: plain('Admin consent missing', permissions) };
  }
  const probed = checks.filter(
    (c) => c.name === 'MAILBOX_ACCESS' && c.target !== null && c.status !== 'SKIPPED',
  );
  const failed = probed.filter((c) => c.status === 'FAIL');
  if (
    failed.length > 0 &&
    failed.length === probed.length &&
    failed.every((c) => c.code === 'ErrorAccessDenied' && !/odata is disabled/i.test(c.message))
  ) {
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
