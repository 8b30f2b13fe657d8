import type { MercuriusContext } from 'mercurius';
import { findRoomDetails, resolveTenant, type MailboxRow, type RoomView } from '@calsync/core';
import { createRequestBatch } from './request-batch.ts';

const roomOfMailbox = createRequestBatch<RoomView>((context, mailboxIds) =>
  findRoomDetails(context.core.db, resolveTenant(context.principal), mailboxIds),
);

/** Mailbox.room, batched per request (see request-batch.ts), tenant-scoped. */
export const resolveMailboxRoom = (
  mailbox: MailboxRow,
  _args: unknown,
  context: MercuriusContext,
): Promise<RoomView | null> => roomOfMailbox(context, mailbox.id);
