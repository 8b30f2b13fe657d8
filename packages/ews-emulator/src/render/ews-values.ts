import { ZoneCalculator } from '@calsync/graph-emulator/time-zones';
import type { GraphEvent } from '@calsync/graph-emulator/calendar';

const zones = new ZoneCalculator();

/** Graph enum → EWS enum tables (EWSR legacyfreebusystatus, sensitivity, calendaritemtype, responsetype). */
export const FREE_BUSY: Readonly<Record<string, string>> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'OOF',
  workingElsewhere: 'WorkingElsewhere',
  unknown: 'NoData',
};
export const SENSITIVITY: Readonly<Record<string, string>> = {
  normal: 'Normal',
  personal: 'Personal',
  private: 'Private',
  confidential: 'Confidential',
};
export const ITEM_TYPE: Readonly<Record<string, string>> = {
  singleInstance: 'Single',
  occurrence: 'Occurrence',
  exception: 'Exception',
  seriesMaster: 'RecurringMaster',
};
export const RESPONSE_TYPE: Readonly<Record<string, string>> = {
  none: 'Unknown',
  organizer: 'Organizer',
  tentativelyAccepted: 'Tentative',
  accepted: 'Accept',
  declined: 'Decline',
  notResponded: 'NoResponseReceived',
};

interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/**
 * The UTC instant EWS reports for a Graph start/end rendered in UTC. All-day items are floating midnights in
 * Graph but real instants in EWS: midnight in the zone the item was created in.
 */
export function ewsInstant(value: unknown, isAllDay: boolean, ownZone: string | undefined): string {
  const v = value as GraphDateTime;
  const wall = `${v.dateTime.slice(0, 19)}Z`;
  if (!isAllDay) return wall;
  const zone = zones.resolve(ownZone);
  if (zone === undefined) return wall;
  return formatUtc(zones.localToUtc(zone, Date.parse(wall)));
}

export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function eventString(event: GraphEvent, field: string): string {
  const value = event[field];
  return typeof value === 'string' ? value : '';
}
