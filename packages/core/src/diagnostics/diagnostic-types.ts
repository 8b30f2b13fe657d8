export type CheckStatus = 'PASS' | 'WARN' | 'FAIL' | 'SKIPPED';
export type CheckName =
  | 'TOKEN'
  | 'PERMISSIONS'
  | 'MAILBOX_ACCESS'
  | 'CREDENTIAL_EXPIRY'
  /** Graph change notifications: public URL reachable, subscription creatable. */
  | 'NOTIFICATIONS'
  /** On-premises Exchange: DNS, firewall and TLS trust of the EWS URL. */
  | 'REACHABILITY'
  /** On-premises Exchange: the monitor user's sign-in (NTLM or Basic). */
  | 'AUTHENTICATION'
  /** On-premises Exchange: the URL answers as Exchange Web Services. */
  | 'EWS_ENABLED'
  /** On-premises Exchange connectors given a domain: Autodiscover named the EWS URL. */
  | 'AUTODISCOVER';

/** One diagnostic outcome (DiagnosticCheck of the public contract, apps/api/src/graphql/schema). Never holds a secret. */
export interface DiagnosticCheck {
  name: CheckName;
  status: CheckStatus;
  /** Mailbox address for MAILBOX_ACCESS. */
  target: string | null;
  /** Microsoft's code when there is one (AADSTS7000215, ErrorAccessDenied, ...). */
  code: string | null;
  message: string;
  remedy: string | null;
}

/** Stored as connectors.last_diagnostics; checkedAt is ISO-8601. */
export interface ConnectorDiagnostics {
  ok: boolean;
  checkedAt: string;
  checks: DiagnosticCheck[];
}

export const check = (
  name: CheckName,
  status: CheckStatus,
  message: string,
  extra: { target?: string | null; code?: string | null; remedy?: string | null } = {},
): DiagnosticCheck => ({
  name,
  status,
  target: extra.target ?? null,
  code: extra.code ?? null,
  message,
  remedy: extra.remedy ?? null,
});
