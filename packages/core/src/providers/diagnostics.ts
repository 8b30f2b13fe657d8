import type { CredentialKind } from '../db/schema/enums.ts';
import type { StatusEvidence } from '../diagnostics/derive-status.ts';
import type { ConnectorDiagnostics } from '../diagnostics/diagnostic-types.ts';
import type { ConnectorRef } from './directory.ts';

/** The connector as its checks need it: which credential, and the mailboxes to probe. */
export interface DiagnosedConnector extends ConnectorRef {
  credentialKind: CredentialKind;
  credentialExpiresAt: Date | null;
  addresses: readonly string[];
}

export interface ProviderDiagnosticsRun {
  diagnostics: ConnectorDiagnostics;
  /** The classified failures behind the checks: the connector status derives from these. */
  evidence: StatusEvidence;
  /** The credential version checked: results for a since-rotated credential are stale. */
  credentialVersion: number;
}

/** The back end's own checks (credential, permissions, mailbox access) as neutral check results. */
export interface DiagnosticsCapability {
  run(
    connector: DiagnosedConnector,
    options: { budgetMs?: number | undefined },
  ): Promise<ProviderDiagnosticsRun>;
}
