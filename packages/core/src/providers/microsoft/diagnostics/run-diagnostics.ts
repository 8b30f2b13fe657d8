import { DeadlineExceededError, withDeadline } from '../../../connectors/with-deadline.ts';
import type { GraphClient } from '../graph/graph-http.ts';
import { classifyTokenError } from '../identity/classify-token-error.ts';
import type { AppToken } from '../identity/token-provider.ts';
import type { Failure } from '../../failure.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import type { StatusEvidence } from '../../../diagnostics/derive-status.ts';
import { credentialExpiryCheck } from '../../../diagnostics/credential-expiry-check.ts';
import {
  check,
  type ConnectorDiagnostics,
  type DiagnosticCheck,
} from '../../../diagnostics/diagnostic-types.ts';
import {
  mapWithConcurrency,
  MAILBOX_PROBE_CONCURRENCY,
  pickProbeTargets,
  probeMailbox,
  skippedProbe,
} from './mailbox-access-check.ts';
import { permissionsCheck } from './permissions-check.ts';
import { tokenFailed, tokenPassed, tokenTimedOut } from './token-check.ts';

/** testConnector must answer even when Microsoft hangs. */
export const DIAGNOSTICS_BUDGET_MS = 20_000;
const TOKEN_BUDGET_MS = 10_000;

export interface DiagnosticsInput {
  clientId: string;
  credentialKind: 'CLIENT_SECRET' | 'CERTIFICATE';
  credentialExpiresAt: Date | null;
  addresses: readonly string[];
  getToken: () => Promise<AppToken>;
  graph: GraphClient;
  now?: Date | undefined;
  budgetMs?: number | undefined;
}

export interface DiagnosticsRun {
  diagnostics: ConnectorDiagnostics;
  /** The classified failures behind the checks: the connector status derives from these. */
  evidence: StatusEvidence;
}

/** TOKEN → PERMISSIONS → MAILBOX_ACCESS (bounded concurrency, sampled) + CREDENTIAL_EXPIRY, within a time budget. */
export async function runDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsRun> {
  const now = input.now ?? new Date();
  const budgetMs = input.budgetMs ?? DIAGNOSTICS_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  const checks: DiagnosticCheck[] = [];
  const tokenBudget = Math.min(TOKEN_BUDGET_MS, budgetMs);

  let token: AppToken | null = null;
  let tokenFailure: Failure | null = null;
  const mailboxFailures: Failure[] = [];
  try {
    token = await withDeadline(input.getToken(), tokenBudget);
    checks.push(tokenPassed(token.roles));
  } catch (error) {
    if (error instanceof DeadlineExceededError) {
      const timedOut = tokenTimedOut(tokenBudget);
      tokenFailure = { kind: 'transient', code: 'Timeout', message: timedOut.message };
      checks.push(timedOut);
    } else {
      const classified = classifyTokenError(error);
      tokenFailure = classifyMicrosoftFailure(classified);
      checks.push(tokenFailed(classified));
    }
  }

  const targets = pickProbeTargets(input.addresses);
  if (!token) {
    checks.push(check('PERMISSIONS', 'SKIPPED', 'Not checked: no token.'));
    checks.push(
      ...targets.map((t) => check('MAILBOX_ACCESS', 'SKIPPED', 'Not checked: no token.', { target: t })),
    );
  } else {
    checks.push(permissionsCheck(token.roles, input.clientId));
    if (targets.length === 0) {
      checks.push(
        check('MAILBOX_ACCESS', 'SKIPPED', 'No mailboxes are configured yet.', {
          remedy: 'Add mailboxes with addMailboxes or discoverRooms.',
        }),
      );
    } else {
      const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
      const probes = await mapWithConcurrency(targets, MAILBOX_PROBE_CONCURRENCY, (address) =>
        signal.aborted
          ? Promise.resolve({ check: skippedProbe(address), failure: null })
          : probeMailbox(input.graph, address, input.clientId, now, signal),
      );
      for (const probe of probes) {
        checks.push(probe.check);
        if (probe.failure) mailboxFailures.push(probe.failure);
      }
      if (targets.length < input.addresses.length) {
        checks.push(
          check(
            'MAILBOX_ACCESS',
            'PASS',
            `Probed a random sample of ${targets.length} of ${input.addresses.length} mailboxes.`,
          ),
        );
      }
    }
  }
  checks.push(credentialExpiryCheck(input.credentialExpiresAt, input.credentialKind, now));
  return {
    diagnostics: { ok: !checks.some((c) => c.status === 'FAIL'), checkedAt: now.toISOString(), checks },
    evidence: { token: tokenFailure, mailboxes: mailboxFailures },
  };
}
