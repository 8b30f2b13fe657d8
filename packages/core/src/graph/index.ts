export { AZURE_CLOUDS, resolveEndpoints } from './endpoints.ts';
export type { AzureCloud, EndpointOverrides, ResolvedEndpoints } from './endpoints.ts';
export { createGraphClient } from './graph-http.ts';
export type { GraphClient, GraphClientOptions, GraphGetOptions, GraphResponse } from './graph-http.ts';
export { GraphRequestError, isGraphRequestError, parseRetryAfter } from './graph-request-error.ts';
export type { GraphRequestErrorInit, GraphTransportCode } from './graph-request-error.ts';
export { classifyGraphError } from './classify-graph-error.ts';
export type { GraphFailure, GraphFailureKind, MailboxFailureReason } from './classify-graph-error.ts';
export {
  graphEventPageSchema,
  graphEventSchema,
  graphRemovedEventSchema,
  isStrippedOccurrence,
  parseGraphDeltaItem,
} from './event-dto.ts';
export type { GraphEventDto, GraphEventPageDto, GraphRemovedEventDto, ParsedDeltaItem } from './event-dto.ts';
export type {
  Attendee,
  AttendeeResponse,
  AttendeeType,
  EmailAddress,
  EventLocation,
  EventRow,
  EventType,
  Sensitivity,
  ShowAs,
} from './event-row.ts';
export { mapGraphEvent, maskPrivateRow } from './map-event.ts';
export type { MapEventOptions, MapEventResult } from './map-event.ts';
export { extractOnlineMeeting, findFirstMeetingLink } from './online-meeting.ts';
export type { OnlineMeeting, OnlineMeetingProvider } from './online-meeting.ts';
export { graphDateTimeToUtc, resolveIanaTimeZone, zonedWallTimeToUtc } from './time-zones.ts';
