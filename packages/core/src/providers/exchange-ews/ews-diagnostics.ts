import { DeadlineExceededError, withDeadline } from '../../connectors/with-deadline.ts';
import { check, type DiagnosticCheck } from '../../diagnostics/diagnostic-types.ts';
import {
  MAILBOX_PROBE_CONCURRENCY,
  mapWithConcurrency,
  pickProbeTargets,
} from '../../diagnostics/probe-targets.ts';
import type { DiagnosticsCapability } from '../diagnostics.ts';
import type { Failure } from '../failure.ts';
import { classifyEwsProblem, unreachableReason } from './classify-ews-error.ts';
import { diagnoseMailbox, diagnoseServer, type EwsFinding, type ServerProbe } from './diagnose.ts';
import { classifyEwsFailure, problemOf, type EwsClient } from './ews-client.ts';
import type { EwsConnection, EwsConnections } from './ews-connections.ts';
import { autodiscoverFailed, autodiscoverPassed } from './autodiscover/autodiscover-check.ts';
import { AutodiscoverError } from './autodiscover/discover-ews-url.ts';

/** testConnector must answer even when Exchange hangs. */
export const EWS_DIAGNOSTICS_BUDGET_MS = 20_000;

const toCheck = (f: EwsFinding): DiagnosticCheck =>
  check(f.name, f.status, f.message, { target: f.target, code: f.code, remedy: f.remedy });

/** One authenticated call any signed-in account may make (GetRoomLists), as a probe of the server. */
async function probeServer(client: EwsClient, budgetMs: number): Promise<ServerProbe> {
  try {
    await withDeadline(client.getRoomLists(), budgetMs);
    return { ok: true };
  } catch (error) {
    if (error instanceof DeadlineExceededError)
      return {
        ok: false,
        failure: { kind: 'transient', code: 'Timeout', message: `no answer within ${budgetMs} ms` },
        unreachable: 'connect',
        httpStatus: null,
      };
    const p = problemOf(error);
    return {
      ok: false,
      failure: classifyEwsFailure(error),
      unreachable: p ? unreachableReason(p) : undefined,
      httpStatus: p?.status ?? null,
    };
  }
}

type FolderOutcome = { ok: true } | { ok: false; failure: Failure };

/** GetFolder on the calendar and the root of one mailbox, as the monitor (§2.1). */
async function probeMailbox(
  client: EwsClient,
  mailbox: string,
  monitor: string,
): Promise<{ finding: EwsFinding; failure: Failure | null }> {
  let calendar: FolderOutcome;
  let root: FolderOutcome;
  try {
    const results = (await client.getFolders(mailbox)).map((r): FolderOutcome =>
      r.ok ? { ok: true } : { ok: false, failure: classifyEwsProblem(r.problem) },
    );
    if (!results[0] || !results[1]) throw new Error('GetFolder answered fewer folders than asked');
    [calendar, root] = [results[0], results[1]];
  } catch (error) {
    const failure = classifyEwsFailure(error);
    calendar = root = { ok: false, failure };
  }
  return {
    finding: diagnoseMailbox({ mailbox, calendar, root }, monitor),
    failure: calendar.ok ? null : calendar.failure,
  };
}

/** Autodiscover found no EWS URL: nothing else can be probed. Unchanged status (DNS may heal). */
function autodiscoverFailure(
  error: AutodiscoverError,
  addresses: readonly string[],
): Awaited<ReturnType<DiagnosticsCapability['run']>> {
  const skipped = (name: 'REACHABILITY' | 'AUTHENTICATION' | 'EWS_ENABLED'): DiagnosticCheck =>
    check(name, 'SKIPPED', 'Not checked: Autodiscover found no EWS URL.');
  const checks = [
    autodiscoverFailed(error),
    ...(['REACHABILITY', 'AUTHENTICATION', 'EWS_ENABLED'] as const).map(skipped),
    ...pickProbeTargets(addresses).map((t) =>
      check('MAILBOX_ACCESS', 'SKIPPED', 'Not checked: Autodiscover found no EWS URL.', { target: t }),
    ),
  ];
  return {
    diagnostics: { ok: false, checkedAt: new Date().toISOString(), checks },
    evidence: { token: classifyEwsFailure(error), mailboxes: [] },
    credentialVersion: error.credentialVersion,
  };
}

/**
 * Reachability, sign-in and "is this EWS" from one probe, then per mailbox whether the monitor can read the
 * calendar and holds FullAccess — each failure with the set-up guide's command that fixes it.
 */
export function createEwsDiagnostics(connections: EwsConnections): DiagnosticsCapability {
  return {
    async run(connector, options) {
      const budgetMs = options.budgetMs ?? EWS_DIAGNOSTICS_BUDGET_MS;
      const deadline = Date.now() + budgetMs;
      let connection: EwsConnection;
      try {
        connection = await connections.for(connector);
      } catch (error) {
        if (!(error instanceof AutodiscoverError)) throw error;
        return autodiscoverFailure(error, connector.addresses);
      }
      const { client, settings, version, ewsUrl } = connection;
      const monitor = settings.username;
      const server = await probeServer(client, budgetMs);
      const checks = [
        ...(settings.autodiscoverDomain ? [autodiscoverPassed(settings.autodiscoverDomain, ewsUrl)] : []),
        ...diagnoseServer(server, { ewsUrl, monitor }).map(toCheck),
      ];
      const targets = pickProbeTargets(connector.addresses);
      const mailboxFailures: Failure[] = [];
      if (!server.ok) {
        checks.push(
          ...targets.map((t) =>
            check('MAILBOX_ACCESS', 'SKIPPED', 'Not checked: no signed-in call.', { target: t }),
          ),
        );
      } else if (targets.length === 0) {
        checks.push(
          check('MAILBOX_ACCESS', 'SKIPPED', 'No mailboxes are configured yet.', {
            remedy: 'Add mailboxes with addMailboxes or discoverRooms.',
          }),
        );
      } else {
        const findings = await mapWithConcurrency(targets, MAILBOX_PROBE_CONCURRENCY, (address) =>
          Date.now() >= deadline
            ? Promise.resolve(undefined)
            : withDeadline(probeMailbox(client, address, monitor), Math.max(1, deadline - Date.now())).catch(
                () => undefined,
              ),
        );
        findings.forEach((probe, index) => {
          const target = targets[index] ?? '';
          if (!probe) {
            checks.push(
              check('MAILBOX_ACCESS', 'SKIPPED', 'Not probed: the check ran out of time.', { target }),
            );
            return;
          }
          checks.push(toCheck(probe.finding));
          if (probe.failure) mailboxFailures.push(probe.failure);
        });
      }
      const now = new Date();
      return {
        diagnostics: { ok: !checks.some((c) => c.status === 'FAIL'), checkedAt: now.toISOString(), checks },
        evidence: { token: server.ok ? null : server.failure, mailboxes: mailboxFailures },
        credentialVersion: version,
      };
    },
  };
}
