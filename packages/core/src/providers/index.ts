export { TEMPORARY_FAILURE_KINDS } from './failure.ts';
export type { Failure, FailureClassifier, FailureKind, MailboxFailureReason } from './failure.ts';
export { createProviderRegistry } from './registry.ts';
export type { CalendarProvider, ProviderRegistry } from './registry.ts';
export type { SourcePage, SyncProvider, SyncSession, SyncSessionContext } from './sync-source.ts';
export { parseConnectorSettings } from './connector-settings.ts';
export type { ConnectorSettings, ConnectorSettingsByKind } from './connector-settings.ts';
export type {
  ConnectorRef,
  DirectoryCapability,
  DirectoryMailbox,
  DirectoryRoom,
  DirectoryRoomDetails,
  DirectoryRoomList,
  RoomDirectorySnapshot,
} from './directory.ts';
export type { DiagnosedConnector, DiagnosticsCapability, ProviderDiagnosticsRun } from './diagnostics.ts';
export type {
  ChangeNotificationsCapability,
  ChangeSubscription,
  ChangeSubscriptionRequest,
} from './change-notifications.ts';
// How the Graph client reaches Graph: the worker wraps the default for its metrics and tracing.
export { requestGraphFetch } from './microsoft/graph/graph-fetch.ts';
export type { GraphFetch, GraphFetchInit, GraphFetchResponse } from './microsoft/graph/graph-fetch.ts';
