import type { IResolvers } from 'mercurius';
import {
  addMailboxes,
  discoverRooms,
  findMailbox,
  listMailboxesFor,
  removeMailboxes,
  MAILBOX_SYNC_REMEDIES,
  updateMailbox,
  type MailboxListArgs,
  type MailboxRow,
  type UpdateMailboxInput,
} from '@calsync/core';
import { scopedMailboxIds } from '../access/display-scope.ts';
import { primeCurrentAndNext } from '../loaders/events.ts';
import { selectsField } from '../selects-field.ts';

export const mailboxResolvers: IResolvers = {
  Query: {
    mailbox: async (_root, args: { id?: string | null; address?: string | null }, { core, principal }) => {
      const found = await findMailbox(core, principal, args);
      const within = scopedMailboxIds(principal, null);
      return found && within && !within.includes(found.id) ? null : found;
    },
    mailboxes: async (_root, args: MailboxListArgs, context, info) => {
      const { core, principal } = context;
      const within = scopedMailboxIds(principal, null);
      const page = await listMailboxesFor(core, principal, {
        ...args,
        ...(within && { withinMailboxes: within }),
        // Counting reads the tenant's whole filtered set: only when the query shows the total.
        countTotal: selectsField(info, 'totalCount'),
      });
      // A room board's query: the page's current and next events in one statement, fetched ahead.
      if (selectsField(info, 'nodes', 'currentEvent') || selectsField(info, 'nodes', 'nextEvent'))
        await primeCurrentAndNext(
          context,
          page.nodes.map((m) => m.id),
        );
      return page;
    },
  },
  Mutation: {
    addMailboxes: (_root, args: { connectorId: string; addresses: string[] }, { core, principal }) =>
      addMailboxes(core, principal, args.connectorId, args.addresses),
    removeMailboxes: (_root, args: { connectorId: string; addresses: string[] }, { core, principal }) =>
      removeMailboxes(core, principal, args.connectorId, args.addresses),
    discoverRooms: (_root, args: { connectorId: string }, { core, principal }) =>
      discoverRooms(core, principal, args.connectorId),
    updateMailbox: (_root, args: { id: string; input: UpdateMailboxInput }, { core, principal }) =>
      updateMailbox(core, principal, args.id, args.input),
  },
  Mailbox: {
    syncError: (mailbox: MailboxRow) =>
      mailbox.lastErrorKind === null
        ? null
        : {
            kind: mailbox.lastErrorKind,
            code: mailbox.lastErrorCode ?? 'Unknown',
            message: mailbox.lastError ?? '',
            remedy: MAILBOX_SYNC_REMEDIES[mailbox.lastErrorKind],
          },
  },
};
