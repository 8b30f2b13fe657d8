import { describe, expect, it } from 'vitest';
import { assertPageSize, assertWindow, MAX_PAGE_SIZE } from './query-limits.ts';

describe('query limits', () => {
  it('rejects an empty or inverted window', () => {
    const t = new Date('2026-12-01T09:00:00Z');
    expect(() => assertWindow({ start: t, end: t })).toThrow(/end: must be after start/);
    expect(() => assertWindow({ start: t, end: new Date(t.getTime() - 1) })).toThrow(/after start/);
  });

  it('accepts 366 days and rejects more', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(() => assertWindow({ start, end: new Date('2027-01-02T00:00:00Z') })).not.toThrow();
    expect(() => assertWindow({ start, end: new Date('2027-01-02T00:00:01Z') })).toThrow(/366 days/);
  });

  it('caps first', () => {
    expect(() => assertPageSize(MAX_PAGE_SIZE)).not.toThrow();
    expect(() => assertPageSize(MAX_PAGE_SIZE + 1)).toThrow(/first: must be between 1 and 500/);
    expect(() => assertPageSize(0)).toThrow(/first/);
  });
});
