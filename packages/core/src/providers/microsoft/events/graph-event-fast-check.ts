import type { GraphEventDto } from './event-dto.ts';

/**
 * A conservative, allocation-free twin of `graphEventSchema` for the delta hot path: zod copied every
 * object and array of every event of every page, about a tenth of the worker's CPU in an initial sync.
 * `true` only when zod would accept the item AND hand back an equal value, so the item itself can be
 * used; anything else (a wrong type, an `__proto__` key zod would drop) answers `false` and zod decides,
 * which keeps its error messages and edge cases. graph-event-fast-check.test.ts holds the two together.
 */
export function isWellFormedGraphEvent(raw: unknown): raw is GraphEventDto {
  if (!isPlainRecord(raw)) return false;
  const id = raw.id;
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    isText(raw['@odata.etag']) &&
    isText(raw.type) &&
    isText(raw.seriesMasterId) &&
    isText(raw.iCalUId) &&
    isText(raw.subject) &&
    isDateTimeTimeZone(raw.start) &&
    isDateTimeTimeZone(raw.end) &&
    isFlag(raw.isAllDay) &&
    isFlag(raw.isCancelled) &&
    isText(raw.originalStartTimeZone) &&
    isText(raw.originalEndTimeZone) &&
    isText(raw.showAs) &&
    isText(raw.sensitivity) &&
    (isAbsent(raw.organizer) || isRecipient(raw.organizer)) &&
    (isAbsent(raw.attendees) || isListOf(raw.attendees, isAttendee)) &&
    (isAbsent(raw.location) || isLocation(raw.location)) &&
    (isAbsent(raw.locations) || isListOf(raw.locations, isLocation)) &&
    isFlag(raw.isOnlineMeeting) &&
    (isAbsent(raw.onlineMeeting) || isOnlineMeetingInfo(raw.onlineMeeting)) &&
    isText(raw.onlineMeetingProvider) &&
    isText(raw.onlineMeetingUrl) &&
    (isAbsent(raw.body) || isItemBody(raw.body)) &&
    isText(raw.bodyPreview) &&
    (isAbsent(raw.categories) || isListOf(raw.categories, isString)) &&
    isText(raw.changeKey) &&
    isText(raw.lastModifiedDateTime)
  );
}

/** The keys isWellFormedGraphEvent checks, for the test that keeps it level with graphEventSchema. */
export const FAST_CHECKED_EVENT_KEYS: readonly string[] = [
  'id',
  '@odata.etag',
  'type',
  'seriesMasterId',
  'iCalUId',
  'subject',
  'start',
  'end',
  'isAllDay',
  'isCancelled',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'showAs',
  'sensitivity',
  'organizer',
  'attendees',
  'location',
  'locations',
  'isOnlineMeeting',
  'onlineMeeting',
  'onlineMeetingProvider',
  'onlineMeetingUrl',
  'body',
  'bodyPreview',
  'categories',
  'changeKey',
  'lastModifiedDateTime',
];

type UnknownRecord = Record<string, unknown>;

/**
 * What zod's object schemas accept (an object, not an array) and copy key for key. An own `__proto__`
 * (JSON.parse makes one) is the one key zod's copy leaves out, so such an item goes to zod.
 */
function isPlainRecord(value: unknown): value is UnknownRecord {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Object.hasOwn(value, '__proto__')
  );
}

const isAbsent = (value: unknown): boolean => value === undefined || value === null;
const isString = (value: unknown): boolean => typeof value === 'string';
/** `z.string().nullish()` */
const isText = (value: unknown): boolean => isAbsent(value) || typeof value === 'string';
/** `z.boolean().nullish()` */
const isFlag = (value: unknown): boolean => isAbsent(value) || typeof value === 'boolean';

function isListOf(value: unknown, isItem: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isItem(item)) return false;
  return true;
}

function isDateTimeTimeZone(value: unknown): boolean {
  return isPlainRecord(value) && typeof value.dateTime === 'string' && isText(value.timeZone);
}

function isEmailAddress(value: unknown): boolean {
  return isPlainRecord(value) && isText(value.name) && isText(value.address);
}

function isRecipient(value: unknown): boolean {
  return isPlainRecord(value) && (isAbsent(value.emailAddress) || isEmailAddress(value.emailAddress));
}

function isAttendee(value: unknown): boolean {
  if (!isPlainRecord(value)) return false;
  const status = value.status;
  return (
    (isAbsent(value.emailAddress) || isEmailAddress(value.emailAddress)) &&
    isText(value.type) &&
    (isAbsent(status) || (isPlainRecord(status) && isText(status.response) && isText(status.time)))
  );
}

function isPhysicalAddress(value: unknown): boolean {
  return (
    isPlainRecord(value) &&
    isText(value.street) &&
    isText(value.city) &&
    isText(value.state) &&
    isText(value.countryOrRegion) &&
    isText(value.postalCode)
  );
}

function isLocation(value: unknown): boolean {
  return (
    isPlainRecord(value) &&
    isText(value.displayName) &&
    isText(value.locationUri) &&
    isText(value.locationType) &&
    isText(value.uniqueId) &&
    (isAbsent(value.address) || isPhysicalAddress(value.address))
  );
}

function isOnlineMeetingInfo(value: unknown): boolean {
  return isPlainRecord(value) && isText(value.joinUrl) && isText(value.conferenceId);
}

function isItemBody(value: unknown): boolean {
  return isPlainRecord(value) && isText(value.contentType) && isText(value.content);
}
