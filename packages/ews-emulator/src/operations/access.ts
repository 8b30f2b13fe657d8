import type { EwsAccount, EwsMailbox } from '../directory/types.ts';
import type { EwsEmulatorState } from '../state.ts';

/** The monitor reads its own mailbox, mailboxes it has FullAccess to, and calendars it is a Reviewer of. */
export function canReadCalendar(state: EwsEmulatorState, account: EwsAccount, mailbox: EwsMailbox): boolean {
  if (isOwn(account, mailbox)) return true;
  const grants = state.directory.grantsOf(account.samAccountName, mailbox.address);
  return grants.fullAccess || grants.calendarReviewer;
}

/** Binding the mailbox root needs FullAccess: Reviewer on the Calendar alone does not open the mailbox. */
export function canOpenMailbox(state: EwsEmulatorState, account: EwsAccount, mailbox: EwsMailbox): boolean {
  return (
    isOwn(account, mailbox) || state.directory.grantsOf(account.samAccountName, mailbox.address).fullAccess
  );
}

function isOwn(account: EwsAccount, mailbox: EwsMailbox): boolean {
  return account.userPrincipalName.toLowerCase() === mailbox.address;
}
