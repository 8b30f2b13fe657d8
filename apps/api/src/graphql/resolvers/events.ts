import type { IResolvers } from 'mercurius';
import { findEvent, listEvents, resolveTenant, type EventRow } from '@calsync/core';
import { scopedMailboxIds } from '../access/display-scope.ts';
import { resolveCurrentEvent, resolveEventMailbox, resolveNextEvent } from '../loaders/events.ts';

interface EventsArgs {
  mailboxIds?: string[] | null;
  addresses?: string[] | null;
  start: Date;
  end: Date;
  includeCancelled?: boolean | null;
  first: number;
  after?: string | null;
}

export const eventResolvers: IResolvers = {
  Query: {
    events: (_root, args: EventsArgs, { core, principal }) => {
      const within = scopedMailboxIds(principal, null);
      return listEvents(core.db, resolveTenant(principal), {
        ...args,
        ...(within && { withinMailboxes: within }),
      });
    },
    event: (_root, args: { id: string }, { core, principal }) =>
      findEvent(core.db, resolveTenant(principal), args.id),
  },
  // Stored column names differ from the contract's field names only here.
  Mailbox: { currentEvent: resolveCurrentEvent, nextEvent: resolveNextEvent },
  Event: {
    mailbox: resolveEventMailbox,
    start: (event: EventRow) => event.startAt,
    end: (event: EventRow) => event.endAt,
    iCalUId: (event: EventRow) => event.iCalUid,
    graphId: (event: EventRow) => event.sourceId,
  },
};
