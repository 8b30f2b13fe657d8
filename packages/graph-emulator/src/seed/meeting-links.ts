import type { EventInput } from '../calendar/index.ts';
import { pickInt } from './rng.ts';
import type { Rng } from './types.ts';

/** How attendees join: Teams (structured onlineMeeting), or a link hidden in location or body, or nothing. */
export type JoinKind = 'teams' | 'zoom' | 'webex' | 'meet' | 'sip' | 'none';

const KINDS: readonly JoinKind[] = ['teams', 'teams', 'zoom', 'webex', 'meet', 'sip', 'none', 'none'];

/** Picks a join kind with Teams the most common. */
export function pickJoinKind(rng: Rng): JoinKind {
  return KINDS[Math.floor(rng() * KINDS.length)] ?? 'none';
}

function digits(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => pickInt(rng, 0, 9)).join('');
}

/** Fields that carry the join information the way Outlook stores each provider. */
export function joinFields(
  rng: Rng,
  kind: JoinKind,
  tenantId: string,
  description: string,
): Partial<EventInput> {
  const html = (extra: string) => ({
    contentType: 'html' as const,
    content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>${description}</div>${extra}</body></html>`,
  });
  switch (kind) {
    case 'teams': {
      const joinUrl = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${digits(rng, 12)}%40thread.v2/0?context=%7b%22Tid%22%3a%22${tenantId}%22%7d`;
      return {
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        onlineMeeting: { joinUrl },
        body: html(`<div><a href="${joinUrl}">Join the meeting now</a></div>`),
      };
    }
    case 'zoom':
      return {
        body: html(
          `<div>Join Zoom Meeting https://contoso.zoom.us/j/${digits(rng, 10)}?pwd=${digits(rng, 8)}</div>`,
        ),
      };
    case 'webex':
      return { body: html(`<div>Webex: https://contoso.webex.com/meet/${digits(rng, 9)}</div>`) };
    case 'meet':
      return { body: html(`<div>Google Meet: https://meet.google.com/abc-${digits(rng, 4)}-xyz</div>`) };
    case 'sip':
      return { body: html(`<div>Dial in: sip:conf-${digits(rng, 6)}@contoso.com</div>`) };
    case 'none':
      return { body: html('') };
  }
}
