/** What the Exchange organisation knows about people, rooms and the monitor account. */

/** Directory kind: GetRooms lists rooms; ResolveNames reports every kind as a plain mailbox. */
export type EwsMailboxKind = 'user' | 'room' | 'equipment';

export interface EwsMailbox {
  /** Primary SMTP address (lower case), the key everywhere in EWS. */
  address: string;
  displayName: string;
  kind: EwsMailboxKind;
  /** Mailbox language: decides the Calendar folder's display name (Kalender, 予定表…). */
  culture: string;
  /** Id of the mailbox in the calendar store (shared with the Graph emulator's generator). */
  storeId: string;
}

/** An account that signs in to EWS: the monitor user of the set-up guide, or anyone else. */
export interface EwsAccount {
  /** sAMAccountName, e.g. "monitor". */
  samAccountName: string;
  userPrincipalName: string;
  password: string;
  lockedOut: boolean;
}

export interface RoomList {
  address: string;
  displayName: string;
  /** Room addresses in the list, in directory order. */
  rooms: string[];
}

/**
 * Grants of one account on one mailbox: `Add-MailboxPermission -AccessRights FullAccess` and
 * `Add-MailboxFolderPermission <mbx>:\<localized Calendar> -AccessRights Reviewer`.
 */
export interface MailboxGrants {
  fullAccess: boolean;
  calendarReviewer: boolean;
}
