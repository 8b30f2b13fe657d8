import type { IResolvers } from 'mercurius';
import {
  addMailboxes,
  discoverRooms,
  findMailbox,
  listMailboxesFor,
  removeMailboxes,
  type MailboxListArgs,
} from '@calsync/core';

export const mailboxResolvers: IResolvers = {
  Query: {
    mailbox: (_root, args: { id?: string | null; address?: string | null }, { core, principal }) =>
      findMailbox(core, principal, args),
    mailboxes: (_root, args: MailboxListArgs, { core, principal }) => listMailboxesFor(core, principal, args),
  },
  Mutation: {
    addMailboxes: (_root, args: { connectorId: string; addresses: string[] }, { core, principal }) =>
      addMailboxes(core, principal, args.connectorId, args.addresses),
    removeMailboxes: (_root, args: { connectorId: string; addresses: string[] }, { core, principal }) =>
      removeMailboxes(core, principal, args.connectorId, args.addresses),
    discoverRooms: (_root, args: { connectorId: string }, { core, principal }) =>
      discoverRooms(core, principal, args.connectorId),
  },
};
