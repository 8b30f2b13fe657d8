import type { CalendarProvider } from '../registry.ts';
import { classifyMicrosoftFailure } from './classify-failure.ts';
import { createMicrosoftSyncProvider, type MicrosoftSyncDeps } from './sync/calendar-view-session.ts';

/** Microsoft 365 through Entra ID app-only tokens and Microsoft Graph (docs/microsoft-graph.md). */
export function createMicrosoftProvider(deps: MicrosoftSyncDeps): CalendarProvider {
  return {
    kind: 'MICROSOFT_GRAPH',
    classify: classifyMicrosoftFailure,
    sync: createMicrosoftSyncProvider(deps),
  };
}
