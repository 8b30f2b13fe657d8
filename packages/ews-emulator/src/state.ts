import { createCalendarStore } from '@calsync/graph-emulator/calendar';
import type { ControllableClock } from '@calsync/graph-emulator/clock';
import { createRequestLog, type RequestLog } from '@calsync/graph-emulator/request-log';
import { EwsDirectory } from './directory/ews-directory.ts';
import { EwsFaultStore } from './faults/fault-store.ts';
import { trackRevisions, type TrackedCalendarStore } from './mailbox-data/tracked-store.ts';

/** Server behaviour an admin (or a test) can change. */
export interface EwsServerOptions {
  /** Basic authentication on the EWS virtual directory (off by default on Exchange 2016+, §1.3). */
  basicAuth: boolean;
  /** NTLM (Windows authentication); on by default. */
  ntlmAuth: boolean;
  /** EWSFindCountLimit: more matches in one CalendarView → ErrorExceededFindCountLimit. */
  findCountLimit: number;
  /** EWSMaxConcurrency per account: more open requests → ErrorExceededConnectionCount. */
  maxConcurrency: number;
}

export const DEFAULT_SERVER_OPTIONS: EwsServerOptions = {
  basicAuth: false,
  ntlmAuth: true,
  findCountLimit: 1000,
  maxConcurrency: 27,
};

/** Everything the EWS emulator knows; fields are replaced on reset, so read them through this object. */
export interface EwsEmulatorState {
  readonly clock: ControllableClock;
  readonly requestLog: RequestLog;
  options: EwsServerOptions;
  directory: EwsDirectory;
  calendar: TrackedCalendarStore;
  faults: EwsFaultStore;
  /** Open requests per account (sam, lower case). */
  inFlight: Map<string, number>;
  /** NetBIOS name of the server, shown in NTLM challenges and X-FEServer. */
  serverName: string;
}

export function createDirectoryFor(dnsDomain: string): EwsDirectory {
  const netbios = (dnsDomain.split('.')[0] ?? 'CONTOSO').toUpperCase();
  return new EwsDirectory({ netbiosDomain: netbios, dnsDomain });
}

export function createEmptyState(clock: ControllableClock, options: EwsServerOptions): EwsEmulatorState {
  return {
    clock,
    requestLog: createRequestLog(),
    options,
    directory: createDirectoryFor('contoso.com'),
    calendar: trackRevisions(createCalendarStore({ clock })),
    faults: new EwsFaultStore(),
    inFlight: new Map(),
    serverName: 'EXCH01',
  };
}

/** Empties directory, calendars, faults and the log (the clock and server options stay). */
export function clearState(state: EwsEmulatorState, dnsDomain: string): void {
  state.directory = createDirectoryFor(dnsDomain);
  state.calendar = trackRevisions(createCalendarStore({ clock: state.clock }));
  state.faults = new EwsFaultStore();
  state.requestLog.clear();
  state.inFlight = new Map();
}
