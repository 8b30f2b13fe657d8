import type { CalendarProvider } from '../registry.ts';
import { classifyEwsFailure } from './ews-client.ts';
import type { EwsConnections } from './ews-connections.ts';
import { createEwsDiagnostics } from './ews-diagnostics.ts';
import { createEwsDirectory } from './ews-directory.ts';
import { createEwsSyncProvider } from './sync/ews-sync-session.ts';

/** Exchange Server on premises through EWS, signed in as the monitor user (docs/exchange-ews.md). */
export function createExchangeOnPremProvider(connections: EwsConnections): CalendarProvider {
  return {
    kind: 'EXCHANGE_ONPREM',
    classify: classifyEwsFailure,
    sync: createEwsSyncProvider(connections),
    directory: createEwsDirectory(connections),
    diagnostics: createEwsDiagnostics(connections),
  };
}
