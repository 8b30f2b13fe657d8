import type { MercuriusContext, MercuriusLoaders } from 'mercurius';
import {
  findCurrentAndNextEvents,
  findMailboxesByIds,
  listEventsOfMailboxes,
  resolveTenant,
  type CurrentAndNext,
  type EventRow,
  type MailboxRow,
} from '@calsync/core';

interface MailboxEventsParams {
  start: Date;
  end: Date;
  first: number;
  after?: string | null;
}

/**
 * currentEvent and nextEvent come from one statement: whichever loader runs first for a
 * mailbox fetches both, the other reuses the promise (per request, one `now` per request).
 */
const currentAndNextByRequest = new WeakMap<
  MercuriusContext,
  { now: Date; byMailbox: Map<string, Promise<CurrentAndNext>> }
>();

function currentAndNextOf(context: MercuriusContext, mailboxIds: string[]): Promise<CurrentAndNext[]> {
  let memo = currentAndNextByRequest.get(context);
  if (!memo) {
    memo = { now: new Date(), byMailbox: new Map() };
    currentAndNextByRequest.set(context, memo);
  }
  const missing = [...new Set(mailboxIds.filter((id) => !memo.byMailbox.has(id)))];
  if (missing.length > 0) {
    const fetched = findCurrentAndNextEvents(
      context.core.db,
      resolveTenant(context.principal),
      missing,
      memo.now,
    );
    for (const id of missing) {
      memo.byMailbox.set(
        id,
        fetched.then((found) => found.get(id) ?? { current: null, next: null }),
      );
    }
  }
  return Promise.all(mailboxIds.map((id) => memo.byMailbox.get(id)!));
}

/** Event.mailbox and the Mailbox event fields, batched per request and tenant-scoped. */
export const eventLoaders: MercuriusLoaders = {
  Event: {
    mailbox: async (queries: { obj: EventRow }[], context) => {
      const found = await findMailboxesByIds(
        context.core.db,
        resolveTenant(context.principal),
        queries.map((q) => q.obj.mailboxId),
      );
      return queries.map((q) => found.get(q.obj.mailboxId) ?? null);
    },
  },
  Mailbox: {
    events: (queries: { obj: MailboxRow; params: MailboxEventsParams }[], context) =>
      listEventsOfMailboxes(
        context.core.db,
        resolveTenant(context.principal),
        queries.map((q) => ({ mailboxId: q.obj.id, ...q.params })),
      ),
    currentEvent: async (queries: { obj: MailboxRow }[], context) =>
      (
        await currentAndNextOf(
          context,
          queries.map((q) => q.obj.id),
        )
      ).map((c) => c.current),
    nextEvent: async (queries: { obj: MailboxRow }[], context) =>
      (
        await currentAndNextOf(
          context,
          queries.map((q) => q.obj.id),
        )
      ).map((c) => c.next),
  },
};
