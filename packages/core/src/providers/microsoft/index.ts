export { AZURE_CLOUDS, resolveEndpoints } from './graph/endpoints.ts';
export type { AzureCloud, EndpointOverrides, ResolvedEndpoints } from './graph/endpoints.ts';
export { createGraphClient } from './graph/graph-http.ts';
export type { GraphClient, GraphClientOptions, GraphGetOptions, GraphResponse } from './graph/graph-http.ts';
export { GraphRequestError, isGraphRequestError, parseRetryAfter } from './graph/graph-request-error.ts';
export type { GraphRequestErrorInit, GraphTransportCode } from './graph/graph-request-error.ts';
export { classifyMicrosoftFailure, ConsentMissingError } from './classify-failure.ts';
export {
  graphEventPageSchema,
  graphEventSchema,
  graphRemovedEventSchema,
  isStrippedOccurrence,
  parseGraphDeltaItem,
} from './events/event-dto.ts';
export type {
  GraphEventDto,
  GraphEventPageDto,
  GraphRemovedEventDto,
  ParsedDeltaItem,
} from './events/event-dto.ts';
export { mapGraphEvent } from './events/map-event.ts';
export type { MapEventOptions, MapEventResult } from './events/map-event.ts';
export { extractOnlineMeeting } from './events/online-meeting.ts';
export { graphDateTimeToUtc, resolveIanaTimeZone, zonedWallTimeToUtc } from '../../events/time-zones.ts';
export { CertificateError, parseCertificateCredential } from './identity/certificate.ts';
export type { CertificateErrorCode, ParsedCertificate } from './identity/certificate.ts';
export { classifyTokenError, DEFAULT_TOKEN_RETRY_AFTER_MS } from './identity/classify-token-error.ts';
export { isTokenAcquisitionError, TokenAcquisitionError } from './identity/token-acquisition-error.ts';
export type { TokenAcquisitionErrorInit, TokenFailureKind } from './identity/token-acquisition-error.ts';
export { createTokenProvider } from './identity/token-provider.ts';
export { loadConnectorCredential } from './identity/load-credential.ts';
export type {
  AppToken,
  ConnectorCredential,
  TokenProvider,
  TokenProviderLogger,
  TokenProviderOptions,
} from './identity/token-provider.ts';
export { createGraphClientFactory } from './connector-graph-client.ts';
export type {
  ConnectorGraphClient,
  ConnectorGraphClientOptions,
  CreateGraphClientFor,
} from './connector-graph-client.ts';
export { runDiagnostics, DIAGNOSTICS_BUDGET_MS } from './diagnostics/run-diagnostics.ts';
export type { DiagnosticsInput, DiagnosticsRun } from './diagnostics/run-diagnostics.ts';
