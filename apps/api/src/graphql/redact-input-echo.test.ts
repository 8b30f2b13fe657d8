import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { redactInputEcho } from './redact-input-echo.ts';

const SECRET = 'CANARY~secret; with separators "quoted" 0123';
const schema = buildSchema(`
  input CreateInput { name: String!, clientSecret: String, count: Int }
  type Query { ok: Boolean }
  type Mutation { create(input: CreateInput!): Boolean }
`);

async function errorsOf(source: string, variables?: Record<string, unknown>): Promise<string[]> {
  const result = await graphql({ schema, source, variableValues: variables ?? null });
  return (result.errors ?? []).map((e) => e.message);
}

describe('redactInputEcho', () => {
  it('keeps the variable, path and reason of a coercion error but never the value', async () => {
    const messages = await errorsOf('mutation($input: CreateInput!) { create(input: $input) }', {
      input: { name: 'x', clientSecret: SECRET, bogus: 1 },
    });
    expect(messages.join()).toContain('CANARY'); // graphql-js really echoes it
    const redacted = messages.map(redactInputEcho);
    expect(redacted.join()).not.toContain('CANARY');
    expect(redacted[0]).toMatch(/^Variable "\$input" has an invalid value; Field "bogus" is not defined/);
  });

  it('redacts wrongly typed values inside variables and inline literals', async () => {
    const inVariable = await errorsOf('mutation($input: CreateInput!) { create(input: $input) }', {
      input: { name: 'x', count: SECRET },
    });
    const inline = await errorsOf(
      `mutation { create(input: { name: "x", count: "${SECRET.replace(/"/g, '')}" }) }`,
    );
    const redacted = [...inVariable, ...inline].map(redactInputEcho);
    expect(redacted.length).toBeGreaterThan(1);
    expect(redacted.join()).not.toContain('CANARY');
    expect(redacted[0]).toContain('at "input.count"');
  });

  it('leaves ordinary messages alone', () => {
    expect(redactInputEcho('Cannot query field "nope" on type "Query".')).toBe(
      'Cannot query field "nope" on type "Query".',
    );
  });
});
