export { addMailboxes, findMailbox, listMailboxesFor, removeMailboxes } from './mailbox-service.ts';
export type { MailboxListArgs } from './mailbox-service.ts';
export { discoverRooms } from './discover-rooms.ts';
export { updateMailbox, type UpdateMailboxInput } from './update-mailbox.ts';
export {
  findMailboxByAddress,
  findMailboxById,
  insertMailboxes,
  listConnectorMailboxes,
  listMailboxes,
  deleteMailboxesByAddress,
} from './mailbox-repository.ts';
export type { ListMailboxesFilter, MailboxEntry, MailboxPage } from './mailbox-repository.ts';
export { normaliseAddress, normaliseAddresses } from './mailbox-address.ts';
export type { MailboxFilter } from './mailbox-filter.ts';
