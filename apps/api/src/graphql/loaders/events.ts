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
import { createRequestBatch } from './request-batch.ts';

interface MailboxEventsParams {
  start: Date;
  end: Date;
  first: number;
  after?: string | null;
}

/** One `now` per request, so currentEvent and nextEvent of every mailbox agree. */
const requestNow = new WeakMap<MercuriusContext, Date>();
function nowOf(context: MercuriusContext): Date {
  let now = requestNow.get(context);
  if (!now) {
    now = new Date();
    requestNow.set(context, now);
  }
  return now;
}

// currentEvent and nextEvent share one batch: one statement (two LATERAL probes) for both.
const currentAndNext = createRequestBatch<CurrentAndNext>((context, mailboxIds) =>
  findCurrentAndNextEvents(context.core.db, resolveTenant(context.principal), mailboxIds, nowOf(context)),
);

const mailboxOfEvent = createRequestBatch<MailboxRow>((context, mailboxIds) =>
  findMailboxesByIds(context.core.db, resolveTenant(context.principal), mailboxIds),
);

/** Event.mailbox, batched per request (see request-batch.ts), tenant-scoped. */
export const resolveEventMailbox = (event: EventRow, _args: unknown, context: MercuriusContext) =>
  mailboxOfEvent(context, event.mailboxId);

export const resolveCurrentEvent = async (mailbox: MailboxRow, _args: unknown, context: MercuriusContext) =>
  (await currentAndNext(context, mailbox.id))?.current ?? null;

export const resolveNextEvent = async (mailbox: MailboxRow, _args: unknown, context: MercuriusContext) =>
  (await currentAndNext(context, mailbox.id))?.next ?? null;

/** Mailbox.events: a page per mailbox, batched by mercurius (its arguments are part of the key). */
export const eventLoaders: MercuriusLoaders = {
  Mailbox: {
    events: (queries: { obj: MailboxRow; params: MailboxEventsParams }[], context) =>
      listEventsOfMailboxes(
        context.core.db,
        resolveTenant(context.principal),
        queries.map((q) => ({ mailboxId: q.obj.id, ...q.params })),
      ),
  },
};
