import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, localDate, utcDateTime } from './ics-text.ts';

describe('RFC 5545 text', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT values', () => {
    expect(escapeText('a\\b; c, d\r\ne\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'ü'.repeat(60)}`;
    const folded = foldLine(line);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(new TextEncoder().encode(piece).length).toBeLessThanOrEqual(75);
    expect(pieces.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(pieces.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes UTC date-times and zone-local dates', () => {
    expect(utcDateTime(new Date('2027-03-04T05:06:07.890Z'))).toBe('20270304T050607Z');
    // Midnight in Tokyo is still the previous day in UTC.
    expect(localDate(new Date('2027-03-03T15:00:00Z'), 'Asia/Tokyo')).toBe('20270304');
  });
});
