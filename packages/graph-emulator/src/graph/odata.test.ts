import { describe, expect, it } from 'vitest';
import { applySelect, getQueryParam, parseGraphDateTime, parsePrefer } from './odata.ts';

describe('odata helpers', () => {
  it('parses several Prefer headers and quoted values with commas', () => {
    const p = parsePrefer([
      'odata.maxpagesize=50, outlook.timezone="Pacific Standard Time"',
      'IdType="ImmutableId"',
    ]);
    expect(p.get('odata.maxpagesize')).toBe('50');
    expect(p.get('outlook.timezone')).toBe('Pacific Standard Time');
    expect(p.get('idtype')).toBe('ImmutableId');
  });

  it('reads dates without an offset as UTC and honours an explicit offset', () => {
    expect(parseGraphDateTime('2030-01-01T10:00:00')?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(parseGraphDateTime('2030-01-01T10:00:00-08:00')?.toISOString()).toBe('2030-01-01T18:00:00.000Z');
    expect(parseGraphDateTime('2030-01-01')?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseGraphDateTime('tomorrow')).toBeUndefined();
  });

  it('matches query names case-insensitively', () => {
    expect(getQueryParam(new URLSearchParams('startdatetime=x'), 'startDateTime')).toBe('x');
  });

  it('keeps id and annotations under $select', () => {
    expect(applySelect({ id: '1', '@odata.etag': 'e', subject: 's', body: {} }, 'Subject')).toEqual({
      id: '1',
      '@odata.etag': 'e',
      subject: 's',
    });
  });
});
