export { checkConnector, testConnector } from './test-connector.ts';
export { deriveStatus } from './derive-status.ts';
export type { DerivedStatus, StatusEvidence } from './derive-status.ts';
export type { CheckName, CheckStatus, ConnectorDiagnostics, DiagnosticCheck } from './diagnostic-types.ts';
