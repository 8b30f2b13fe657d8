import { describe, expect, it } from 'vitest';
import { graphEventSchema, parseGraphDeltaItem, readGraphEvent } from './event-dto.ts';
import { FAST_CHECKED_EVENT_KEYS, isWellFormedGraphEvent } from './graph-event-fast-check.ts';

/** An event with every mapped property filled, nested ones included, plus properties nobody maps. */
const fullEvent = (): Record<string, unknown> => ({
  '@odata.etag': 'W/"ck1"',
  id: 'AAMk-1',
  type: 'singleInstance',
  seriesMasterId: null,
  iCalUId: 'ical-1',
  subject: 'Budget',
  start: { dateTime: '2026-12-04T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-04T10:00:00.0000000', timeZone: 'UTC' },
  isAllDay: false,
  isCancelled: false,
  originalStartTimeZone: 'W. Europe Standard Time',
  originalEndTimeZone: 'W. Europe Standard Time',
  showAs: 'busy',
  sensitivity: 'normal',
  organizer: { emailAddress: { name: 'Ann', address: 'ann@example.com' } },
  attendees: [
    {
      type: 'required',
      status: { response: 'accepted', time: '2026-12-01T00:00:00Z' },
      emailAddress: { name: 'Bob', address: 'bob@example.com' },
    },
    { type: 'resource', status: null, emailAddress: null },
  ],
  location: {
    displayName: 'Room 1',
    locationUri: 'room1@example.com',
    locationType: 'conferenceRoom',
    uniqueId: 'room1',
    uniqueIdType: 'directory',
    address: { street: 'Main 1', city: 'Oslo', state: null, countryOrRegion: 'NO', postalCode: '0150' },
    coordinates: {},
  },
  locations: [{ displayName: 'Room 1', address: {} }],
  isOnlineMeeting: true,
  onlineMeeting: { joinUrl: 'https://teams.example/join', conferenceId: '123' },
  onlineMeetingProvider: 'teamsForBusiness',
  onlineMeetingUrl: null,
  body: { contentType: 'html', content: '<p>hi</p>' },
  bodyPreview: 'hi',
  categories: ['Red', 'Blue'],
  changeKey: 'ck1',
  lastModifiedDateTime: '2026-12-01T00:00:00Z',
  responseStatus: { response: 'organizer' },
});

const strippedOccurrence = (): Record<string, unknown> => ({
  id: 'AAMk-occ',
  type: 'occurrence',
  seriesMasterId: 'AAMk-master',
  start: { dateTime: '2026-12-04T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-04T10:00:00.0000000', timeZone: 'UTC' },
});

/** Values of every JSON type, wrong for most properties and right for some. */
const probes: unknown[] = [undefined, null, '', 'x', 0, 1, true, false, {}, [], ['x'], [1], [{}], [null]];

/** Every path into `event` that holds a value (objects and arrays walked), as key lists. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function withValueAt(event: Record<string, unknown>, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(event) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy;
}

/** The contract: the fast check may pass an item only when zod accepts it and returns an equal value. */
function expectAgreesWithZod(raw: unknown): void {
  const zod = graphEventSchema.safeParse(raw);
  if (isWellFormedGraphEvent(raw)) {
    expect(zod.success).toBe(true);
    expect(zod.data).toStrictEqual(raw);
  }
}

describe('isWellFormedGraphEvent', () => {
  it('checks exactly the properties graphEventSchema declares', () => {
    expect([...FAST_CHECKED_EVENT_KEYS].sort()).toStrictEqual(Object.keys(graphEventSchema.shape).sort());
  });

  it('passes full and stripped events as they come (the hot path is taken)', () => {
    for (const event of [fullEvent(), strippedOccurrence()]) {
      expect(isWellFormedGraphEvent(event)).toBe(true);
      expectAgreesWithZod(event);
    }
  });

  it('never passes an item zod rejects or would change, whatever value any property holds', () => {
    let rejected = 0;
    for (const base of [fullEvent(), strippedOccurrence()]) {
      for (const path of pathsOf(base)) {
        for (const probe of probes) {
          const raw = withValueAt(base, path, probe);
          expectAgreesWithZod(raw);
          if (!isWellFormedGraphEvent(raw)) rejected += 1;
        }
      }
      // Missing required properties, and shapes that are not objects at all.
      for (const key of ['id', 'start', 'end']) expectAgreesWithZod(withValueAt(base, [key], undefined));
    }
    for (const raw of probes) expect(isWellFormedGraphEvent(raw)).toBe(false);
    expect(rejected).toBeGreaterThan(100);
  });

  it('leaves an item with an own __proto__ key (which zod drops from its copy) to zod', () => {
    const raw = JSON.parse(
      `{"__proto__": {"x": 1}, ${JSON.stringify(strippedOccurrence()).slice(1)}`,
    ) as unknown;
    expect(isWellFormedGraphEvent(raw)).toBe(false);
    const nested = JSON.parse(
      JSON.stringify(fullEvent()).replace('"street":', '"__proto__": {}, "street":'),
    ) as unknown;
    expect(isWellFormedGraphEvent(nested)).toBe(false);
  });

  it('is what readGraphEvent and parseGraphDeltaItem answer with, zod deciding the rest', () => {
    const wellFormed = fullEvent();
    expect(readGraphEvent(wellFormed)).toBe(wellFormed);
    expect(parseGraphDeltaItem(wellFormed)).toStrictEqual({ kind: 'event', event: wellFormed });
    const withProto = JSON.parse(
      `{"__proto__": {"x": 1}, ${JSON.stringify(strippedOccurrence()).slice(1)}`,
    ) as unknown;
    expect(readGraphEvent(withProto)).toStrictEqual(strippedOccurrence());
    expect(readGraphEvent({ ...strippedOccurrence(), isAllDay: 'yes' })).toBeNull();
    expect(parseGraphDeltaItem({ ...strippedOccurrence(), isAllDay: 'yes' })).toMatchObject({
      kind: 'invalid',
      id: 'AAMk-occ',
      issues: expect.stringContaining('isAllDay') as unknown,
    });
  });
});
