// What tools outside core (benches, contract tests) may use of the EWS provider: the request bodies and the
// request sequence's sizes, so a drain of the EWS emulator asks exactly what a calsync round asks.
export { bisectWindow, splitWindow } from './calendar-view-windows.ts';
export type { TimeWindow } from './calendar-view-windows.ts';
export { findCalendarViewRequest, getItemRequest, syncFolderItemsRequest } from './soap-requests.ts';
export type { RequestServerVersion } from './soap-requests.ts';
export { GET_ITEM_BATCH, VIEW_MAX_ENTRIES } from './sync/read-window.ts';
export { SYNC_MAX_CHANGES } from './sync/ews-sync-session.ts';
