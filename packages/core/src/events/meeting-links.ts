import type { OnlineMeetingProvider } from '../db/schema/enums.ts';
import type { StoredOnlineMeeting } from '../db/schema/events.ts';

/**
 * Provider-neutral meeting-link finder (Graph and EWS both use it). `conferenceId` holds the Teams
 * conference id, Zoom meeting number, Meet code or SIP URI, when obvious.
 */
export type OnlineMeeting = StoredOnlineMeeting;

interface LinkPattern {
  provider: OnlineMeetingProvider;
  regex: RegExp;
  conferenceId: (match: RegExpExecArray) => string | null;
}

const URL_TAIL = String.raw`[^\s"'<>]*`;

// Order matters only for ties at the same position; otherwise the earliest link in the text wins.
const LINK_PATTERNS: readonly LinkPattern[] = [
  {
    provider: 'TEAMS',
    regex: new RegExp(
      String.raw`https://teams\.(?:microsoft|live)\.com/(?:l/meetup-join|meet)/${URL_TAIL}`,
      'gi',
    ),
    conferenceId: () => null,
  },
  {
    provider: 'ZOOM',
    regex: new RegExp(
      String.raw`https://(?:[a-z0-9-]+\.)*zoom(?:gov)?\.(?:us|com)/(?:j|my|w|s|wc/join)/([a-z0-9.]+)${URL_TAIL}`,
      'gi',
    ),
    conferenceId: (m) => (m[1] && /^\d{9,12}$/.test(m[1]) ? m[1] : null),
  },
  {
    provider: 'WEBEX',
    regex: new RegExp(String.raw`https://(?:[a-z0-9-]+\.)+webex\.com/${URL_TAIL}`, 'gi'),
    conferenceId: () => null,
  },
  {
    provider: 'GOOGLE_MEET',
    regex: /https:\/\/meet\.google\.com\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?![a-z-])[^\s"'<>]*/gi,
    conferenceId: (m) => m[1]?.toLowerCase() ?? null,
  },
  {
    provider: 'SIP',
    regex: /\bsips?:([a-z0-9._%+-]+@[a-z0-9.-]+[a-z0-9])/gi,
    conferenceId: (m) => m[1] ?? null,
  },
  {
    // Pexip WebRTC join pages: a pexip host, or the /webapp/ path with a conference alias.
    provider: 'SIP',
    regex: new RegExp(
      String.raw`https://(?:[a-z0-9-]+\.)*(?:[a-z0-9-]*pexip[a-z0-9-]*\.[a-z.]+/${URL_TAIL}|[a-z0-9.-]+(?::\d+)?/webapp/${URL_TAIL}conference=${URL_TAIL})`,
      'gi',
    ),
    conferenceId: (m) => /[?&]conference=([^&#]+)/.exec(m[0])?.[1] ?? null,
  },
];

/** Earliest meeting link of any known provider in a piece of plain text. */
export function findFirstMeetingLink(text: string): OnlineMeeting | null {
  let best: { index: number; meeting: OnlineMeeting } | null = null;
  for (const pattern of LINK_PATTERNS) {
    pattern.regex.lastIndex = 0;
    const match = pattern.regex.exec(text);
    if (!match || (best && best.index <= match.index)) continue;
    const joinUrl = trimTrailingPunctuation(match[0]);
    best = {
      index: match.index,
      meeting: { provider: pattern.provider, joinUrl, conferenceId: pattern.conferenceId(match) },
    };
  }
  return best?.meeting ?? null;
}

/**
 * Good-enough HTML flattening to find links: href values are kept in place
 * (the visible text is often "Join meeting"), tags dropped, entities decoded.
 */
export function htmlToSearchableText(html: string): string {
  const withHrefs = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi,
      (_m, dq?: string, sq?: string, bare?: string) => ` ${dq ?? sq ?? bare ?? ''} `,
    )
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(withHrefs);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return safeCodePoint(parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith('#')) return safeCodePoint(parseInt(entity.slice(1), 10), whole);
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function trimTrailingPunctuation(url: string): string {
  return url.replace(/[.,;:!?)\]}]+$/, '');
}
