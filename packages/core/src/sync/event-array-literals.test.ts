import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toEventArrayLiterals } from './event-array-literals.ts';
import { toEventColumns } from './page-changes.ts';
import type { SourceEvent } from './source-event.ts';

// pg's own conversion of a JS array parameter to its text (what it sent before): the reference.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue: (value: unknown) => unknown;
};

/** Text that is hard to quote: array-literal and JSON metacharacters, control characters, non-BMP, lone surrogates. */
const awkward = [
  '',
  'plain',
  'NULL',
  'null',
  'a "quoted" word',
  'back\\slash \\" and \\\\',
  '{braces}, commas, (parens)',
  'line\nbreak\ttab\rreturn',
  'nul \u0000 bell \u0007 del \u007f',
  ' leading and trailing ',
  'Zürich – 会議室 🎉',
  'lone \ud800 surrogate \udfff',
  '\u2028 separators \u2029',
];

function event(i: number): SourceEvent {
  const s = (k: number): string => awkward[(i + k) % awkward.length] as string;
  const maybe = (k: number): string | null => ((i + k) % 3 === 0 ? null : s(k));
  return {
    sourceId: `AAMk-${i}-${s(0)}`,
    iCalUId: maybe(1),
    type: i % 2 ? 'OCCURRENCE' : 'SINGLE_INSTANCE',
    seriesMasterId: maybe(2),
    subject: maybe(3),
    startAt: new Date(Date.UTC(2026, 0, 1 + i, 9, 0, 0, i)),
    endAt: new Date(Date.UTC(2026, 0, 1 + i, 10)),
    isAllDay: i % 4 === 0,
    timeZone: maybe(4),
    showAs: 'BUSY',
    sensitivity: 'NORMAL',
    isCancelled: i % 5 === 0,
    organizer: i % 3 === 1 ? null : { name: maybe(5), address: s(6) },
    attendees:
      i % 4 === 2
        ? []
        : [{ emailAddress: { name: s(7), address: maybe(8) }, type: 'REQUIRED', response: 'ACCEPTED' }],
    location: maybe(9),
    locations: i % 2 ? [] : [{ displayName: s(10), address: maybe(11), uri: maybe(12) }],
    onlineMeeting: i % 3 === 2 ? null : { provider: 'TEAMS', joinUrl: s(13), conferenceId: maybe(14) },
    categories: i % 3 === 0 ? [] : [s(15), s(16)],
    changeKey: maybe(17),
    lastModifiedAt: i % 2 ? null : new Date(Date.UTC(2025, 11, 1, 0, 0, i)),
  };
}

describe('toEventArrayLiterals', () => {
  it('gives each column the text pg made of the column array, byte for byte', () => {
    for (const count of [1, 2, 3 * awkward.length * 4]) {
      const rows = Array.from({ length: count }, (_, i) => event(i));
      const literals = toEventArrayLiterals(rows);
      const columns = toEventColumns(rows);
      expect(Object.keys(literals).sort()).toStrictEqual(Object.keys(columns).sort());
      for (const [name, values] of Object.entries(columns)) {
        expect({ name, text: literals[name as keyof typeof literals] }).toStrictEqual({
          name,
          text: prepareValue(values),
        });
      }
    }
  });
});
