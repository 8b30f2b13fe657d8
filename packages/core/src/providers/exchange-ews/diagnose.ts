import type { Failure } from '../failure.ts';

/**
 * Diagnostics of an on-premises connector as pure functions: probe outcomes in, findings with the set-up
 * guide's own commands as remedies out (docs/exchange-ews.md, "Set-up guide"). The probes themselves
 * (GetFolder on calendar + root per mailbox, one authenticated call) are run by the provider.
 */
export type EwsCheckName = 'REACHABILITY' | 'AUTHENTICATION' | 'EWS_ENABLED' | 'MAILBOX_ACCESS';
export type EwsCheckStatus = 'PASS' | 'WARN' | 'FAIL';

export interface EwsFinding {
  name: EwsCheckName;
  status: EwsCheckStatus;
  target: string | null;
  code: string | null;
  message: string;
  remedy: string | null;
}

const finding = (
  name: EwsCheckName,
  status: EwsCheckStatus,
  message: string,
  extra: Partial<Pick<EwsFinding, 'target' | 'code' | 'remedy'>> = {},
): EwsFinding => ({
  name,
  status,
  target: extra.target ?? null,
  code: extra.code ?? null,
  message,
  remedy: extra.remedy ?? null,
});

export const fullAccessCommand = (mailbox: string, monitor: string): string =>
  `Add-MailboxPermission -Identity ${mailbox} -User "${monitor}" -AccessRights FullAccess -InheritanceType All -AutoMapping $false`;

export const reviewerCommand = (mailbox: string, monitor: string): string =>
  `Add-MailboxFolderPermission -Identity "${mailbox}:\\<Calendar folder>" -User "${monitor}" -AccessRights Reviewer ` +
  `(the folder name is localized: find it with Get-MailboxFolderStatistics ${mailbox} -FolderScope Calendar | Select-Object -First 1 Name)`;

/** Outcome of the first authenticated call to the EWS URL. */
export type ServerProbe =
  | { ok: true }
  | {
      ok: false;
      failure: Failure;
      /** Set when no HTTPS answer came back at all (classify-ews-error's unreachableReason). */
      unreachable: 'dns' | 'tls' | 'connect' | undefined;
      httpStatus: number | null;
    };

/** Reachability, TLS trust, authentication and "is this EWS at all" from one probe. */
export function diagnoseServer(probe: ServerProbe, input: { ewsUrl: string; monitor: string }): EwsFinding[] {
  const host = safeHost(input.ewsUrl);
  if (probe.ok) {
    return [
      finding('REACHABILITY', 'PASS', `${host} answers over HTTPS with a trusted certificate.`),
      finding('AUTHENTICATION', 'PASS', `${input.monitor} signs in.`),
      finding('EWS_ENABLED', 'PASS', 'Exchange Web Services answers at this URL.'),
    ];
  }
  const f = probe.failure;
  if (probe.unreachable !== undefined) {
    const remedy = {
      dns: `The name ${host} does not resolve from the calsync host. Publish the Exchange server under a public DNS name (the set-up guide's HTTPS 443 step) or use a name the calsync host can resolve.`,
      connect: `Nothing accepts connections on ${host}:443 from the calsync host. Open the firewall for HTTPS 443 from calsync's outbound addresses to the Exchange server (or its reverse proxy).`,
      tls: `The server's certificate is not trusted or does not match ${host}. Use a certificate from a public CA whose name matches the URL, or give the connector the internal CA bundle (or pin the certificate).`,
    }[probe.unreachable];
    return [finding('REACHABILITY', 'FAIL', `Cannot reach ${host}: ${f.message}`, { code: f.code, remedy })];
  }
  const reachable = finding('REACHABILITY', 'PASS', `${host} answers over HTTPS with a trusted certificate.`);
  if (f.kind === 'auth') {
    return [
      reachable,
      finding('AUTHENTICATION', 'FAIL', `Exchange refused the credentials of ${input.monitor} (HTTP 401).`, {
        code: f.code,
        remedy:
          `Check the password of ${input.monitor} and that the account is not locked out (Get-ADUser ${input.monitor} -Properties LockedOut). ` +
          'Check that Windows authentication (NTLM) is enabled on the EWS virtual directory: ' +
          'Get-WebServicesVirtualDirectory | Format-List InternalUrl,ExternalUrl,WindowsAuthentication,BasicAuthentication. ' +
          "With Extended Protection set to Require on the front-end EWS site, use Allow (the set-up guide's value).",
      }),
    ];
  }
  if (probe.httpStatus === 404 || f.code === 'InvalidXml') {
    return [
      reachable,
      finding('EWS_ENABLED', 'FAIL', 'The URL does not answer as Exchange Web Services.', {
        code: f.code,
        remedy:
          'Use the EWS URL https://<server>/EWS/Exchange.asmx (Get-WebServicesVirtualDirectory | Format-List ExternalUrl) and check EWS is enabled for the monitor: Set-CASMailbox monitor -EWSEnabled $true.',
      }),
    ];
  }
  return [reachable, finding('EWS_ENABLED', 'WARN', `The probe failed: ${f.message}`, { code: f.code })];
}

/** One mailbox probed with GetFolder on its calendar and its root (the monitor addressing it explicitly). */
export interface MailboxProbe {
  mailbox: string;
  calendar: { ok: true } | { ok: false; failure: Failure };
  root: { ok: true } | { ok: false; failure: Failure };
}

/**
 * Per mailbox: readable calendar = PASS (WARN when FullAccess is missing: private items and future folder
 * checks need it); unreadable = FAIL naming the missing grants with the exact commands; unknown address = FAIL.
 */
export function diagnoseMailbox(probe: MailboxProbe, monitor: string): EwsFinding {
  const at = { target: probe.mailbox };
  const calendar = probe.calendar;
  if (!calendar.ok && calendar.failure.kind === 'mailbox' && calendar.failure.reason === 'not-found') {
    return finding('MAILBOX_ACCESS', 'FAIL', 'No mailbox with this address exists on the Exchange server.', {
      ...at,
      code: calendar.failure.code,
      remedy: `Check the address (Get-Mailbox ${probe.mailbox}); a mailbox moved to Exchange Online needs the Microsoft 365 connector.`,
    });
  }
  const hasFullAccess = probe.root.ok;
  if (calendar.ok) {
    return hasFullAccess
      ? finding('MAILBOX_ACCESS', 'PASS', 'The calendar can be read.', at)
      : finding(
          'MAILBOX_ACCESS',
          'WARN',
          'The calendar can be read through Reviewer, but the monitor has no FullAccess on the mailbox.',
          {
            ...at,
            code: probe.root.ok ? null : probe.root.failure.code,
            remedy: fullAccessCommand(probe.mailbox, monitor),
          },
        );
  }
  if (calendar.failure.kind !== 'access-denied') {
    return finding('MAILBOX_ACCESS', 'WARN', `Not checked: ${calendar.failure.message}`, {
      ...at,
      code: calendar.failure.code,
    });
  }
  return finding(
    'MAILBOX_ACCESS',
    'FAIL',
    'The monitor has neither FullAccess on the mailbox nor Reviewer on its Calendar folder.',
    {
      ...at,
      code: calendar.failure.code,
      remedy: `${fullAccessCommand(probe.mailbox, monitor)}; then ${reviewerCommand(probe.mailbox, monitor)}. Mailboxes created after the set-up script ran get no grants until it is run again.`,
    },
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
