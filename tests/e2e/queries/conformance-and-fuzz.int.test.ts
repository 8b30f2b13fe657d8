import fc from 'fast-check';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let key: string;
let url: string;

beforeAll(async () => {
  api = await startTestApi();
  key = (await createTenantViaApi(api, 'conformance')).adminKey;
  url = `${await api.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
});

afterAll(async () => {
  await api?.close();
});

describe('GraphQL over HTTP', () => {
  it('passes every MUST audit of graphql-http', async () => {
    const authorised = (input: string | URL, init: RequestInit = {}): Promise<Response> =>
      fetch(input, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` },
      });
    const failures: string[] = [];
    let must = 0;
    for (const audit of serverAudits({ url, fetchFn: authorised })) {
      if (!audit.name.startsWith('MUST')) continue;
      must++;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(must).toBeGreaterThanOrEqual(10);
    expect(failures).toEqual([]);
  });
});

// Pieces a client could send; combined at random they make valid, invalid and malformed documents.
const FIELDS = [
  'viewer { role }',
  'events(start: $s, end: $e) { nodes { id subject mailbox { address } } }',
  'event(id: "x") { id }',
  'availability(addresses: ["a@b.c"], start: $s, end: $e) { known }',
  'syncRuns { nodes { id } }',
  'mailboxes { nodes { id events(start: $s, end: $e) { nodes { id } } } }',
  '__typename',
  '__schema { types { name } }',
  'nope',
  'events { id }',
  'event(id: 1)',
  '{',
  '}',
  '...F',
  '$',
  '@skip',
  '',
];

const document = fc.oneof(
  fc
    .array(fc.constantFrom(...FIELDS), { maxLength: 6 })
    .map((parts) => `query($s: DateTime!, $e: DateTime!) { ${parts.join(' ')} }`),
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        'query',
        'events',
        'first:',
        '$x',
        '"',
        '...',
        'on',
        'Event',
        ':',
        '#',
      ),
      { maxLength: 40 },
    )
    .map((t) => t.join(' ')),
);
const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('2027-01-01T00:00:00Z'),
  fc.constant(1e308),
);
const variables = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom('s', 'e', 'first', 'x', '__proto__'), value),
  fc.string(),
  fc.array(value),
);

describe('fuzzing', () => {
  it('never answers a 5xx or leaks a stack trace, whatever the query and variables', async () => {
    await fc.assert(
      fc.asyncProperty(document, variables, fc.boolean(), async (query, vars, raw) => {
        const response = await api.app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload: raw
            ? `{"query": ${JSON.stringify(query)}, "variables": ${JSON.stringify(vars) ?? 'null'}`
            : JSON.stringify({ query, variables: vars }),
        });
        expect(response.statusCode).toBeLessThan(500);
        expect(response.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
        const body = response.json();
        for (const error of body.errors ?? []) expect(error.extensions?.code).toBeTypeOf('string');
      }),
      { numRuns: 300 },
    );
  });
});
