import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { loadSchema } from '@calsync/api';
import { printWelcome } from './print-welcome.ts';

// The demo's closing screen tells people what to paste into GraphiQL: every query it prints must be
// valid against the API's schema, and one of them is the room-booking search (docs/rooms.md).
function printedQueries(): Map<string, string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((text: string) => void lines.push(text));
  try {
    printWelcome({
      apiUrl: 'http://127.0.0.1:4000',
      apiKey: 'csk_demo',
      room: 'berlin-spree@contoso.com',
      emulatorUrl: 'https://127.0.0.1:4443',
      boardUrl: 'http://127.0.0.1:4000/board',
      feedUrl: 'http://127.0.0.1:4000/feed.ics',
    });
  } finally {
    spy.mockRestore();
  }
  // Each query follows a "# N. title" line and ends at its closing brace alone on a line.
  const blocks = lines.join('\n').matchAll(/^# \d+\. (.+)\n(\{[\s\S]*?\n\})$/gm);
  return new Map([...blocks].map((m) => [m[1]!, m[2]!]));
}

describe('demo welcome screen', () => {
  const schema = buildSchema(loadSchema());
  const queries = printedQueries();

  it('prints queries that the API accepts', () => {
    expect(queries.size).toBeGreaterThanOrEqual(4);
    for (const [title, query] of queries) expect(validate(schema, parse(query)), title).toEqual([]);
  });

  it('includes a free-room search', () => {
    const search = [...queries].find(([, query]) => /\bfindRooms\(/.test(query));
    expect(search?.[0]).toMatch(/free room/i);
    expect(search?.[1]).toMatch(/minCapacity/);
  });
});
