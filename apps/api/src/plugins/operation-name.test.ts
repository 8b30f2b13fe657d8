import { describe, expect, it } from 'vitest';
import { createOperationLabeler } from './operation-name.ts';

describe('GraphQL operation label', () => {
  it('uses plain operation names, "anonymous" without one, "other" for odd names', () => {
    const label = createOperationLabeler();
    expect(label({ operationName: 'RoomBoard' })).toBe('RoomBoard');
    expect(label({ query: '{ viewer { id } }' })).toBe('anonymous');
    expect(label(undefined)).toBe('anonymous');
    expect(label({ operationName: 'drop table; --' })).toBe('other');
    expect(label({ operationName: 'x'.repeat(65) })).toBe('other');
  });

  it('stops adding names after the limit so label cardinality stays bounded', () => {
    const label = createOperationLabeler(2);
    expect(label({ operationName: 'A' })).toBe('A');
    expect(label({ operationName: 'B' })).toBe('B');
    expect(label({ operationName: 'C' })).toBe('other');
    expect(label({ operationName: 'A' })).toBe('A');
  });
});
