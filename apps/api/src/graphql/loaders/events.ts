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

/** Current and next events fetched ahead for a page of mailboxes (null: the mailbox has neither). */
const primed = new WeakMap<MercuriusContext, Map<string, CurrentAndNext | null>>();

/**
 * Fetches the current and next events of a page of mailboxes before their fields resolve, in the
 * one statement the batch below would send. The page's currentEvent and nextEvent fields then
 * resolve without a promise each (100 of them for 50 rooms): graphql-jit's synchronous path.
 */
export async function primeCurrentAndNext(
  context: MercuriusContext,
  mailboxIds: readonly string[],
): Promise<void> {
  if (mailboxIds.length === 0) return;
  const found = await findCurrentAndNextEvents(
    context.core.db,
    resolveTenant(context.principal),
    [...mailboxIds],
    nowOf(context),
  );
  let known = primed.get(context);
  if (!known) {
    known = new Map<string, CurrentAndNext | null>();
    primed.set(context, known);
  }
  for (const id of mailboxIds) known.set(id, found.get(id) ?? null);
}

function currentAndNextOf(
  context: MercuriusContext,
  mailboxId: string,
): CurrentAndNext | null | Promise<CurrentAndNext | null> {
  const known = primed.get(context)?.get(mailboxId);
  return known !== undefined ? known : currentAndNext(context, mailboxId);
}

/** Mailbox.currentEvent or Mailbox.nextEvent: synchronous when fetched ahead, else through the batch. */
const eventField =
  (which: 'current' | 'next') => (mailbox: MailboxRow, _args: unknown, context: MercuriusContext) => {
    const found = currentAndNextOf(context, mailbox.id);
    return found instanceof Promise ? found.then((f) => f?.[which] ?? null) : (found?.[which] ?? null);
  };

export const resolveCurrentEvent = eventField('current');
export const resolveNextEvent = eventField('next');

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
