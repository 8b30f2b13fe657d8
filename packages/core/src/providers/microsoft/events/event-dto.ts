import { z } from 'zod';
import { isWellFormedGraphEvent } from './graph-event-fast-check.ts';

// Tolerant schemas: Graph adds properties over time and `$select` drops
// others, so unknown keys pass through and everything we map is optional
// except what identifies the item. Values are validated only as far as the
// mapper relies on them.

const text = z.string().nullish();

export const graphDateTimeTimeZoneSchema = z.looseObject({ dateTime: z.string(), timeZone: text });

export const graphEmailAddressSchema = z.looseObject({ name: text, address: text });

export const graphRecipientSchema = z.looseObject({ emailAddress: graphEmailAddressSchema.nullish() });

export const graphAttendeeSchema = z.looseObject({
  emailAddress: graphEmailAddressSchema.nullish(),
  type: text,
  status: z.looseObject({ response: text, time: text }).nullish(),
});

export const graphPhysicalAddressSchema = z.looseObject({
  street: text,
  city: text,
  state: text,
  countryOrRegion: text,
  postalCode: text,
});

export const graphLocationSchema = z.looseObject({
  displayName: text,
  locationUri: text,
  locationType: text,
  uniqueId: text,
  address: graphPhysicalAddressSchema.nullish(),
});

export const graphOnlineMeetingInfoSchema = z.looseObject({ joinUrl: text, conferenceId: text });

export const graphItemBodySchema = z.looseObject({ contentType: text, content: text });

/**
 * An event as calendarView, calendarView/delta, /events/{id} or /instances
 * return it: full, `$select`-trimmed, or a stripped occurrence (only id, type,
 * seriesMasterId, start, end).
 * @see https://learn.microsoft.com/graph/api/resources/event
 */
export const graphEventSchema = z.looseObject({
  id: z.string().min(1),
  '@odata.etag': text,
  type: text,
  seriesMasterId: text,
  iCalUId: text,
  subject: text,
  start: graphDateTimeTimeZoneSchema,
  end: graphDateTimeTimeZoneSchema,
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  originalStartTimeZone: text,
  originalEndTimeZone: text,
  showAs: text,
  sensitivity: text,
  organizer: graphRecipientSchema.nullish(),
  attendees: z.array(graphAttendeeSchema).nullish(),
  location: graphLocationSchema.nullish(),
  locations: z.array(graphLocationSchema).nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  onlineMeeting: graphOnlineMeetingInfoSchema.nullish(),
  onlineMeetingProvider: text,
  onlineMeetingUrl: text,
  body: graphItemBodySchema.nullish(),
  bodyPreview: text,
  categories: z.array(z.string()).nullish(),
  changeKey: text,
  lastModifiedDateTime: text,
});

export type GraphEventDto = z.infer<typeof graphEventSchema>;

/** A delta entry for an item deleted, or changed outside the window (docs/microsoft-graph.md §3.4). */
export const graphRemovedEventSchema = z.looseObject({
  id: z.string().min(1),
  '@removed': z.looseObject({ reason: text }),
});

export type GraphRemovedEventDto = z.infer<typeof graphRemovedEventSchema>;

/** One page of calendarView or calendarView/delta; items are parsed one by one. */
export const graphEventPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export type GraphEventPageDto = z.infer<typeof graphEventPageSchema>;

export type ParsedDeltaItem =
  | { kind: 'event'; event: GraphEventDto }
  | { kind: 'removed'; id: string; reason: string | null }
  | { kind: 'invalid'; id: string | null; issues: string };

/**
 * One event validated against graphEventSchema: the item itself when well formed (checked without
 * zod's copy, graph-event-fast-check.ts), zod's parse otherwise, null when invalid.
 */
export function readGraphEvent(raw: unknown): GraphEventDto | null {
  if (isWellFormedGraphEvent(raw)) return raw;
  const parsed = graphEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Classify and validate one `value` item. An item that cannot be mapped
 * (no id, no start/end) is reported, never dropped silently.
 */
export function parseGraphDeltaItem(raw: unknown): ParsedDeltaItem {
  if (typeof raw === 'object' && raw !== null && '@removed' in raw) {
    const removed = graphRemovedEventSchema.safeParse(raw);
    if (removed.success)
      return { kind: 'removed', id: removed.data.id, reason: removed.data['@removed'].reason ?? null };
    return { kind: 'invalid', id: readId(raw), issues: z.prettifyError(removed.error) };
  }
  // Nearly every item is well formed: checked without zod's copy; zod still judges (and explains) the rest.
  if (isWellFormedGraphEvent(raw)) return { kind: 'event', event: raw };
  const event = graphEventSchema.safeParse(raw);
  if (event.success) return { kind: 'event', event: event.data };
  return { kind: 'invalid', id: readId(raw), issues: z.prettifyError(event.error) };
}

function readId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * calendarView/delta sends occurrences of a series with only id, type,
 * seriesMasterId, start and end; everything descriptive lives on the master.
 * `subject` is the tell: any full or `$select`ed representation carries it.
 */
export function isStrippedOccurrence(event: GraphEventDto): boolean {
  const type = event.type?.toLowerCase();
  return (
    (type === 'occurrence' || type === 'exception') && !!event.seriesMasterId && event.subject === undefined
  );
}
