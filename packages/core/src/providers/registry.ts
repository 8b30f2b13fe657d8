import type { ConnectorKind } from '../db/schema/enums.ts';
import type { ChangeNotificationsCapability } from './change-notifications.ts';
import type { DiagnosticsCapability } from './diagnostics.ts';
import type { DirectoryCapability } from './directory.ts';
import type { FailureClassifier } from './failure.ts';
import type { SyncProvider } from './sync-source.ts';

/** Everything calsync needs from one kind of calendar back end; a new back end is one more of these. */
export interface CalendarProvider {
  kind: ConnectorKind;
  /** The provider's one failure classifier (sync, diagnostics, mailbox resolution use it). */
  classify: FailureClassifier;
  sync: SyncProvider;
  directory: DirectoryCapability;
  diagnostics: DiagnosticsCapability;
  /** Push notifications of changes; absent when the back end has none (polling only). */
  changeNotifications?: ChangeNotificationsCapability | undefined;
}

/** The providers by connector kind: the only place that dispatches on `connectors.kind`. */
export interface ProviderRegistry {
  for(kind: ConnectorKind): CalendarProvider;
}

export function createProviderRegistry(providers: {
  [K in ConnectorKind]: CalendarProvider;
}): ProviderRegistry {
  return { for: (kind) => providers[kind] };
}
