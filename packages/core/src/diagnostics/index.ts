export { checkConnector, testConnector } from './test-connector.ts';
export { runDiagnostics, DIAGNOSTICS_BUDGET_MS } from '../providers/microsoft/diagnostics/run-diagnostics.ts';
export type { DiagnosticsInput, DiagnosticsRun } from '../providers/microsoft/diagnostics/run-diagnostics.ts';
export { deriveStatus } from './derive-status.ts';
export type { DerivedStatus, StatusEvidence } from './derive-status.ts';
export type { CheckName, CheckStatus, ConnectorDiagnostics, DiagnosticCheck } from './diagnostic-types.ts';
