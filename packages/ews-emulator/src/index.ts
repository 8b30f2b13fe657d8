/** @calsync/ews-emulator: an on-premises Exchange Web Services emulator (an independent oracle, like the Graph one). */
export { startEwsEmulator } from './start-ews-emulator.ts';
export type { RunningEwsEmulator, StartEwsEmulatorOptions } from './start-ews-emulator.ts';
export { createEwsControl, EwsControlError } from './control/ews-control.ts';
export type { ControlEvent, EwsControl } from './control/ews-control.ts';
export type { EwsFault, EwsFaultSpec, EwsFaultAction, EwsFaultScope } from './faults/types.ts';
export type { EwsMailbox, EwsMailboxKind, MailboxGrants } from './directory/types.ts';
export type { EwsServerOptions } from './state.ts';
export type { EwsScaleOptions, MonitorAccount } from './seeding.ts';
