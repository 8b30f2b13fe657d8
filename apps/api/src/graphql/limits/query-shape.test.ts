import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../load-schema.ts';
import { checkQueryLimits } from './query-shape.ts';

const schema = buildSchema(loadSchema());

const availability = `query($addresses: [String!]!, $start: DateTime!, $end: DateTime!) {
  availability(addresses: $addresses, start: $start, end: $end) { address known busy { start end showAs } }
}`;

function check(query: string, variables: Record<string, unknown> = {}) {
  return checkQueryLimits(schema, parse(query), variables);
}

const rooms = (n: number): string[] => Array.from({ length: n }, (_, i) => `room${i}@contoso.com`);

describe('availability cost', () => {
  it('refuses many mailboxes over a long window with QUERY_TOO_COMPLEX', () => {
    const refused = check(availability, {
      addresses: rooms(100),
      start: '2027-01-01T00:00:00Z',
      end: '2027-12-31T00:00:00Z',
    });
    expect(refused?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 50_000 });
    expect(refused?.message).toMatch(/fewer addresses or a shorter window/);
  });

  it('grows with the number of addresses and with the window, literal or from variables', () => {
    const year = { start: '2027-01-01T00:00:00Z', end: '2028-01-01T00:00:00Z' };
    expect(check(availability, { addresses: rooms(5), ...year })).toBeNull();
    expect(check(availability, { addresses: rooms(10), ...year })?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    const week = { start: '2027-01-04T00:00:00Z', end: '2027-01-11T00:00:00Z' };
    expect(check(availability, { addresses: rooms(100), ...week })).toBeNull();
    const literal = (addresses: string[], end: string) =>
      `{ availability(addresses: ${JSON.stringify(addresses)}, start: "2027-01-01T00:00:00Z", end: "${end}") { busy { start } } }`;
    expect(check(literal(rooms(100), '2027-01-31T00:00:00Z'))).toBeNull();
    expect(check(literal(rooms(100), '2027-12-31T00:00:00Z'))?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('measures the window from coerced Date variables too (subscriptions pass those)', () => {
    const refused = check(availability, {
      addresses: rooms(100),
      start: new Date('2027-01-01T00:00:00Z'),
      end: new Date('2027-12-31T00:00:00Z'),
    });
    expect(refused?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('counts the busy intervals inside fragments as well', () => {
    const query = `query($a: [String!]!) {
      availability(addresses: $a, start: "2027-01-01T00:00:00Z", end: "2027-12-31T00:00:00Z") { ...A }
    }
    fragment A on MailboxAvailability { busy { start end } }`;
    expect(check(query, { a: rooms(100) })?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('a document sent again', () => {
  const pageOf =
    'query($n: Int) { mailboxes(first: $n) { nodes { events(start: "2027-01-01T00:00:00Z", end: "2027-01-02T00:00:00Z", first: 500) { nodes { id } } } } }';

  it('is measured again with the variables of each request (mercurius reuses the parsed document)', () => {
    const document = parse(pageOf);
    expect(checkQueryLimits(schema, document, { n: 5 })).toBeNull();
    expect(checkQueryLimits(schema, document, { n: 5000 })?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(checkQueryLimits(schema, document, { n: 5 })).toBeNull();
  });

  it('keeps its verdict whether it passed or was refused, and a lower limit still applies', () => {
    const small = parse('{ mailboxes(first: 5) { nodes { address } } }');
    const large = parse(pageOf.replace('($n: Int)', '').replace('$n', '5000'));
    for (let i = 0; i < 3; i++) {
      expect(checkQueryLimits(schema, small, {})).toBeNull();
      expect(checkQueryLimits(schema, large, {})?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    }
    const strict = { maxDepth: 10, maxCost: 3, maxAliases: 30, maxOperations: 5, maxIntrospectionDepth: 10 };
    expect(checkQueryLimits(schema, small, {}, strict)?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});
