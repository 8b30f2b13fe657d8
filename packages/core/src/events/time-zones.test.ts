import { describe, expect, it } from 'vitest';
import { canonicalIanaZone, graphDateTimeToUtc, resolveIanaTimeZone } from './time-zones.ts';

describe('resolveIanaTimeZone', () => {
  it('maps Windows names to the primary IANA zone', () => {
    expect(resolveIanaTimeZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(resolveIanaTimeZone('Eastern Standard Time')).toBe('America/New_York');
    expect(resolveIanaTimeZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveIanaTimeZone('India Standard Time')).toBe('Asia/Calcutta');
  });

  it('accepts IANA names and UTC as they are', () => {
    expect(resolveIanaTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveIanaTimeZone('UTC')).toBe('Etc/UTC');
  });

  it('returns null for custom Outlook zones and unknown names instead of guessing', () => {
    expect(resolveIanaTimeZone('tzone://Microsoft/Custom')).toBeNull();
    expect(resolveIanaTimeZone('Mars Standard Time')).toBeNull();
    expect(resolveIanaTimeZone('')).toBeNull();
    expect(resolveIanaTimeZone(null)).toBeNull();
  });
});

describe('graphDateTimeToUtc', () => {
  const utc = (dateTime: string, timeZone?: string) =>
    graphDateTimeToUtc({ dateTime, timeZone })?.toISOString();

  it('reads Graph 7-digit fractions in UTC', () => {
    expect(utc('2016-12-09T20:30:00.0000000', 'UTC')).toBe('2016-12-09T20:30:00.000Z');
    expect(utc('2016-12-09T20:30:00.1234567', 'UTC')).toBe('2016-12-09T20:30:00.123Z');
    expect(utc('2016-12-09T20:30:00')).toBe('2016-12-09T20:30:00.000Z');
  });

  it('converts Windows-named wall times on both sides of DST', () => {
    // Pacific: PST (UTC-8) in January, PDT (UTC-7) in July.
    expect(utc('2024-01-15T09:00:00.0000000', 'Pacific Standard Time')).toBe('2024-01-15T17:00:00.000Z');
    expect(utc('2024-07-15T09:00:00.0000000', 'Pacific Standard Time')).toBe('2024-07-15T16:00:00.000Z');
    // Berlin: CET (UTC+1) before 31 March 2024, CEST (UTC+2) after.
    expect(utc('2024-03-30T10:00:00.0000000', 'W. Europe Standard Time')).toBe('2024-03-30T09:00:00.000Z');
    expect(utc('2024-04-02T10:00:00.0000000', 'Europe/Berlin')).toBe('2024-04-02T08:00:00.000Z');
    // Southern hemisphere: Sydney is UTC+11 in January, UTC+10 in July.
    expect(utc('2024-01-10T09:00:00.0000000', 'AUS Eastern Standard Time')).toBe('2024-01-09T22:00:00.000Z');
    expect(utc('2024-07-10T09:00:00.0000000', 'AUS Eastern Standard Time')).toBe('2024-07-09T23:00:00.000Z');
    // Half-hour zone without DST.
    expect(utc('2024-07-10T09:00:00.0000000', 'India Standard Time')).toBe('2024-07-10T03:30:00.000Z');
  });

  it('resolves DST edge wall times like Outlook and Temporal do', () => {
    // 2024-03-10 02:30 does not exist in New York (clocks jump 02:00 → 03:00): lands on 03:30 EDT.
    expect(utc('2024-03-10T02:30:00', 'Eastern Standard Time')).toBe('2024-03-10T07:30:00.000Z');
    // 2024-11-03 01:30 happens twice in New York: the first (EDT, UTC-4) wins.
    expect(utc('2024-11-03T01:30:00', 'Eastern Standard Time')).toBe('2024-11-03T05:30:00.000Z');
    // Just after the transitions.
    expect(utc('2024-03-10T03:00:00', 'America/New_York')).toBe('2024-03-10T07:00:00.000Z');
    expect(utc('2024-11-03T02:00:00', 'America/New_York')).toBe('2024-11-03T07:00:00.000Z');
  });

  it('honours an explicit offset and rejects unresolvable zones or garbage', () => {
    expect(utc('2024-01-15T09:00:00.0000000Z', 'Pacific Standard Time')).toBe('2024-01-15T09:00:00.000Z');
    expect(utc('2024-01-15T09:00:00+02:00')).toBe('2024-01-15T07:00:00.000Z');
    expect(utc('2024-01-15T09:00:00', 'tzone://Microsoft/Custom')).toBeUndefined();
    expect(utc('not a date', 'UTC')).toBeUndefined();
  });
});

describe('canonicalIanaZone', () => {
  it('accepts IANA names in any case and returns their canonical spelling', () => {
    expect(canonicalIanaZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(canonicalIanaZone(' america/new_york ')).toBe('America/New_York');
    expect(canonicalIanaZone('UTC')).toBe('UTC');
  });

  it('refuses Windows names, unknown zones and anything that is not a zone name', () => {
    for (const name of ['Tokyo Standard Time', 'Mars/Olympus_Mons', '', '+09:00', '../etc/passwd'])
      expect(canonicalIanaZone(name)).toBeNull();
  });
});
