/** @calsync/graph-emulator: Microsoft identity platform + Graph v1.0 calendar emulator (an independent oracle). */
export { startEmulator } from './start-emulator.ts';
export type { RunningEmulator, StartEmulatorOptions } from './start-emulator.ts';
export { createEmulatorControl, ControlApiError } from './control/emulator-control.ts';
export type { AppView, CreatedSecret, EmulatorControl } from './control/emulator-control.ts';
export { createHttpsClient } from './http/https-json.ts';
export type { HttpsClient, HttpsResponse, HttpsRequest } from './http/https-json.ts';
export { buildCertificatePem, generateRsaKeyPem } from './tls/ensure-tls-files.ts';
export type { Fault, FaultSpec, FaultAction, FaultScope } from './faults/types.ts';
export type { RequestLogEntry, RequestLogQuery } from './request-log.ts';
export type { ThrottlingOptions } from './throttle/throttle.ts';
export { DEFAULT_FIELD_BEHAVIOUR, FIELD_BEHAVIOUR } from './behaviour/field-behaviour.ts';
export type { FieldBehaviour } from './behaviour/field-behaviour.ts';
export type { EmulatorState, SeedSummary } from './state.ts';
export type {
  AccessPolicy,
  AppRegistration,
  ExchangeRoleAssignment,
  ExchangeRoleScope,
  Mailbox,
  MailboxKind,
  RoomDetails,
  RoomList,
  Tenant,
} from './directory/types.ts';
export type { EventInput, GraphEvent } from './calendar/index.ts';
