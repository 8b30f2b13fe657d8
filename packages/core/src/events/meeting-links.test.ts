import { describe, expect, it } from 'vitest';
import { findFirstMeetingLink, htmlToSearchableText } from './meeting-links.ts';

describe('findFirstMeetingLink', () => {
  it('recognises Pexip join pages', () => {
    expect(findFirstMeetingLink('join at https://join.pexip.me/meet/alice now')).toMatchObject({
      provider: 'SIP',
      joinUrl: 'https://join.pexip.me/meet/alice',
    });
  });

  it('uses the earliest link when a body mentions several providers', () => {
    const text = 'Primary https://meet.google.com/xyz-abcd-efg backup https://zoom.us/j/9876543210';
    expect(findFirstMeetingLink(text)?.provider).toBe('GOOGLE_MEET');
  });
});

describe('htmlToSearchableText', () => {
  it('drops tags and scripts and keeps link targets in place', () => {
    expect(
      htmlToSearchableText("<div>A&nbsp;&lt;b&gt;</div><script>x()</script><a href='https://x.test/a'>B</a>"),
    ).toMatch(/A <b>\s+https:\/\/x\.test\/a\s+B/);
  });
});
