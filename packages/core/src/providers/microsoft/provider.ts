import type { CalendarProvider } from '../registry.ts';
import { classifyMicrosoftFailure } from './classify-failure.ts';
import { createMicrosoftDiagnostics } from './diagnostics/microsoft-diagnostics.ts';
import { createMicrosoftDirectory } from './directory/microsoft-directory.ts';
import { createGraphChangeNotifications } from './notifications/graph-subscriptions.ts';
import type { MicrosoftProviderDeps } from './provider-deps.ts';
import { createMicrosoftSyncProvider } from './sync/calendar-view-session.ts';

/** Microsoft 365 through Entra ID app-only tokens and Microsoft Graph (docs/microsoft-graph.md). */
export function createMicrosoftProvider(deps: MicrosoftProviderDeps): CalendarProvider {
  return {
    kind: 'MICROSOFT_GRAPH',
    classify: classifyMicrosoftFailure,
    sync: createMicrosoftSyncProvider(deps),
    directory: createMicrosoftDirectory(deps),
    diagnostics: createMicrosoftDiagnostics(deps),
    changeNotifications: createGraphChangeNotifications(deps),
  };
}
