import type { ConnectorStatus } from '../db/schema/enums.ts';
import type { TokenFailureKind } from '../providers/microsoft/identity/token-acquisition-error.ts';
import type { DiagnosticCheck } from './diagnostic-types.ts';

export interface DerivedStatus {
  /** null: the check could not tell (Microsoft unreachable or throttling) — keep the current status. */
  status: Exclude<ConnectorStatus, 'PENDING' | 'DISABLED'> | null;
  detail: string;
}

/** Why the token request failed; 'timeout' when it did not answer within the budget. */
export type TokenFailure = TokenFailureKind | 'timeout';

// Failures that say nothing about the credential: a later check will likely succeed.
const TRANSIENT_TOKEN_FAILURES: ReadonlySet<TokenFailure> = new Set<TokenFailure>([
  'throttled',
  'network',
  'timeout',
]);

/**
 * Connector status from its checks, in priority order: no token because Microsoft could not be
 * reached or throttled → unchanged (status null); no token otherwise → AUTH_FAILED; token without
 * calendar consent (or every probed mailbox refused for consent) → CONSENT_REQUIRED; any other
 * failure (some mailboxes, an expired credential) → DEGRADED; else HEALTHY.
 */
export function deriveStatus(
  checks: readonly DiagnosticCheck[],
  tokenFailure: TokenFailure | null = null,
): DerivedStatus {
  const token = checks.find((c) => c.name === 'TOKEN');
  if (token?.status === 'FAIL' && tokenFailure !== null && TRANSIENT_TOKEN_FAILURES.has(tokenFailure)) {
    const why = tokenFailure === 'throttled' ? 'throttled the token request' : 'could not be reached';
    return {
      status: null,
      detail: `Not re-checked: Microsoft ${why}${token.code ? ` (${token.code})` : ''}. This is temporary; the status is unchanged and the check will run again.`,
    };
  }
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
