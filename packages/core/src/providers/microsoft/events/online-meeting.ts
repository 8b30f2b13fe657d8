import type { GraphEventDto } from './event-dto.ts';
import {
  findFirstMeetingLink,
  htmlToSearchableText,
  type OnlineMeeting,
} from '../../../events/meeting-links.ts';

type Source = Pick<GraphEventDto, 'onlineMeeting' | 'location' | 'locations' | 'body' | 'bodyPreview'>;

/**
 * Join information for an event: Graph's own `onlineMeeting.joinUrl` (Teams)
 * first, otherwise the first recognisable meeting link in the location(s),
 * then in the body. Room systems use this for one-touch join.
 */
export function extractOnlineMeeting(event: Source): OnlineMeeting | null {
  const joinUrl = event.onlineMeeting?.joinUrl?.trim();
  if (joinUrl) return { provider: 'TEAMS', joinUrl, conferenceId: event.onlineMeeting?.conferenceId ?? null };

  const locationTexts = [event.location, ...(event.locations ?? [])].flatMap((l) => [
    l?.displayName,
    l?.locationUri,
  ]);
  const bodyText = event.body?.content
    ? event.body.contentType?.toLowerCase() === 'text'
      ? event.body.content
      : htmlToSearchableText(event.body.content)
    : event.bodyPreview;
  for (const candidate of [...locationTexts, bodyText]) {
    if (!candidate) continue;
    const found = findFirstMeetingLink(candidate);
    if (found) return found;
  }
  return null;
}
