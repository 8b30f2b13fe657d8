import { describe, expect, it } from 'vitest';
import { extractOnlineMeeting } from './online-meeting.ts';

describe('extractOnlineMeeting', () => {
  it("prefers Graph's own Teams onlineMeeting over links in location or body", () => {
    const meeting = extractOnlineMeeting({
      onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc', conferenceId: '123456789' },
      location: { displayName: 'https://us02web.zoom.us/j/81234567890' },
    });
    expect(meeting).toEqual({
      provider: 'TEAMS',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
      conferenceId: '123456789',
    });
  });

  it('finds a Zoom link in the location with its meeting number', () => {
    expect(
      extractOnlineMeeting({
        location: { displayName: 'Zoom: https://us02web.zoom.us/j/81234567890?pwd=abc.' },
      }),
    ).toEqual({
      provider: 'ZOOM',
      joinUrl: 'https://us02web.zoom.us/j/81234567890?pwd=abc',
      conferenceId: '81234567890',
    });
  });

  it('looks at every location, then the body', () => {
    const meeting = extractOnlineMeeting({
      location: { displayName: 'Room 1' },
      locations: [
        { displayName: 'Room 1' },
        { displayName: 'Google Meet', locationUri: 'https://meet.google.com/abc-defg-hij' },
      ],
      body: { contentType: 'html', content: '<a href="https://acme.webex.com/meet/jdoe">Join</a>' },
    });
    expect(meeting).toEqual({
      provider: 'GOOGLE_MEET',
      joinUrl: 'https://meet.google.com/abc-defg-hij',
      conferenceId: 'abc-defg-hij',
    });
  });

  it('reads hrefs and decodes entities in HTML bodies', () => {
    const html =
      '<html><body><p>Join here:</p><a href="https://acme.webex.com/acme/j.php?MTID=m0123&amp;lang=en">Join Webex meeting</a></body></html>';
    expect(extractOnlineMeeting({ body: { contentType: 'html', content: html } })).toEqual({
      provider: 'WEBEX',
      joinUrl: 'https://acme.webex.com/acme/j.php?MTID=m0123&lang=en',
      conferenceId: null,
    });
  });

  it('recognises SIP URIs and Pexip join pages', () => {
    expect(
      extractOnlineMeeting({
        body: { contentType: 'text', content: 'Video: sip:meet.4711@vc.example.com.' },
      }),
    ).toEqual({
      provider: 'SIP',
      joinUrl: 'sip:meet.4711@vc.example.com',
      conferenceId: 'meet.4711@vc.example.com',
    });
    expect(
      extractOnlineMeeting({
        body: {
          contentType: 'html',
          content: '<a href="https://vc.example.com/webapp/#/?conference=4711&amp;role=guest">Join</a>',
        },
      }),
    ).toEqual({
      provider: 'SIP',
      joinUrl: 'https://vc.example.com/webapp/#/?conference=4711&role=guest',
      conferenceId: '4711',
    });
  });

  it('falls back to bodyPreview and returns null when nothing is there', () => {
    expect(
      extractOnlineMeeting({ bodyPreview: 'Join <https://teams.microsoft.com/l/meetup-join/19%3a1>' }),
    ).toMatchObject({
      provider: 'TEAMS',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3a1',
    });
    expect(
      extractOnlineMeeting({
        location: { displayName: 'Conf Room Rainier' },
        body: { contentType: 'html', content: '<p>Agenda: https://example.com/doc</p>' },
      }),
    ).toBeNull();
    expect(extractOnlineMeeting({})).toBeNull();
  });
});
