import { loadConnectorCredential } from '../identity/load-credential.ts';
import type { DiagnosticsCapability } from '../../diagnostics.ts';
import type { MicrosoftProviderDeps } from '../provider-deps.ts';
import { runDiagnostics } from './run-diagnostics.ts';

/** Token from Entra ID, Graph application permissions, then a sample of mailbox calendars. */
export function createMicrosoftDiagnostics(deps: MicrosoftProviderDeps): DiagnosticsCapability {
  return {
    async run(connector, options) {
      const credential = await loadConnectorCredential(deps, connector.tenantId, connector.connectorId);
      const run = await runDiagnostics({
        clientId: credential.clientId,
        credentialKind: credential.kind,
        credentialExpiresAt: connector.credentialExpiresAt,
        addresses: connector.addresses,
        getToken: () => deps.tokenProvider.getToken(credential),
        graph: deps.createGraphClientFor(credential, { timeoutMs: 8_000 }),
        budgetMs: options.budgetMs,
      });
      return { ...run, credentialVersion: credential.version };
    },
  };
}
