import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { events, mailboxes, withTenant, type Database } from '../../db/index.ts';
import { mailboxScopeOf, type Principal } from '../../tenancy/principal.ts';
import { renderIcs } from './render-ics.ts';

const DAY_MS = 86_400_000;
/** What a feed covers around now: a month back (recent history) and a year ahead. */
export const FEED_PAST_DAYS = 31;
export const FEED_FUTURE_DAYS = 366;
/** Bounds one response; a room calendar rarely holds a tenth of this in the window. */
export const FEED_MAX_EVENTS = 10_000;

export interface MailboxFeed {
  body: string;
  eventCount: number;
}

/**
 * The ICS feed of a feed token's mailbox (cancelled events left out, as in `events`), or null
 * when the principal is not a feed token or its mailbox was removed.
 */
export async function readMailboxFeed(
  db: Database,
  principal: Principal,
  now: Date,
): Promise<MailboxFeed | null> {
  const scope = mailboxScopeOf(principal);
  const mailboxId = scope?.purpose === 'FEED' ? scope.mailboxIds[0] : undefined;
  if (!mailboxId || principal.role === 'PLATFORM_ADMIN') return null;
  const tenantId = principal.tenantId;
  return withTenant(db, tenantId, async (tx) => {
    const [mailbox] = await tx
      .select({ address: mailboxes.address, displayName: mailboxes.displayName })
      .from(mailboxes)
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)));
    if (!mailbox) return null;
    const rows = await tx
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, tenantId),
          eq(events.mailboxId, mailboxId),
          eq(events.isCancelled, false),
          lt(events.startAt, new Date(now.getTime() + FEED_FUTURE_DAYS * DAY_MS)),
          gt(events.endAt, new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS)),
        ),
      )
      .orderBy(asc(events.startAt), asc(events.id))
      .limit(FEED_MAX_EVENTS);
    const body = renderIcs({
      name: mailbox.displayName ?? mailbox.address,
      refreshMinutes: 15,
      events: rows,
    });
    return { body, eventCount: rows.length };
  });
}
