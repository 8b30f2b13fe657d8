import type { Failure } from '../providers/failure.ts';

/** What kept a mailbox's last sync from finishing, as clients see it (GraphQL MailboxSyncErrorKind). */
export const mailboxSyncErrorKinds = [
  'MAILBOX_NOT_FOUND',
  'MAILBOX_NOT_ENABLED',
  'MAILBOX_POLICY_DENIED',
  'ACCESS_DENIED',
  'CREDENTIAL_REJECTED',
  'CONSENT_REQUIRED',
  'TEMPORARY',
  'CURSOR_EXPIRED',
  'ITEM_MISSING',
  'UNKNOWN',
] as const;

export type MailboxSyncErrorKind = (typeof mailboxSyncErrorKinds)[number];

export function mailboxSyncErrorKind(failure: Failure): MailboxSyncErrorKind {
  switch (failure.kind) {
    case 'mailbox':
      return failure.reason === 'not-found'
        ? 'MAILBOX_NOT_FOUND'
        : failure.reason === 'not-enabled'
          ? 'MAILBOX_NOT_ENABLED'
          : 'MAILBOX_POLICY_DENIED';
    case 'access-denied':
      return 'ACCESS_DENIED';
    case 'auth':
      return 'CREDENTIAL_REJECTED';
    case 'consent':
      return 'CONSENT_REQUIRED';
    case 'throttled':
    case 'transient':
    case 'infrastructure':
      return 'TEMPORARY';
    case 'cursor-expired':
      return 'CURSOR_EXPIRED';
    case 'item-missing':
      return 'ITEM_MISSING';
    case 'unknown':
      return 'UNKNOWN';
  }
}

/**
 * What an administrator can do about each kind. Mailbox kinds are given up on at once (no retries):
 * the connector's regular sync interval tries the mailbox again, so a fixed mailbox recovers by itself.
 */
export const MAILBOX_SYNC_REMEDIES: Readonly<Record<MailboxSyncErrorKind, string>> = {
  MAILBOX_NOT_FOUND:
    'The back end knows no mailbox at this address: it was deleted, renamed, or the address is an alias. Check it in the Exchange admin center; if its primary address changed, remove the mailbox and add the new address. calsync tries again only at the connector’s sync interval.',
  MAILBOX_NOT_ENABLED:
    'The mailbox exists but cannot be read: unlicensed, inactive, soft-deleted or hosted on-premises. Assign an Exchange Online license (room and equipment mailboxes need none) or remove the mailbox. calsync tries again only at the connector’s sync interval.',
  MAILBOX_POLICY_DENIED:
    'An access policy of the organisation keeps the app out of this mailbox: add the mailbox to the policy’s scope, or remove it from the connector. Run testConnector for the exact command.',
  ACCESS_DENIED:
    'The app is not granted this calendar: grant it (RBAC for Applications scope or Calendars.Read), then sync again. Run testConnector for the exact command.',
  CREDENTIAL_REJECTED: 'The connector’s credential was refused: run testConnector and follow its remedy.',
  CONSENT_REQUIRED: 'The app has no calendar permission: grant admin consent, then run testConnector.',
  TEMPORARY: 'The back end or calsync’s own storage failed for a moment: the sync is retried with back-off.',
  CURSOR_EXPIRED: 'The back end dropped the sync state: the next sync is a full one, nothing to do.',
  ITEM_MISSING: 'An event vanished while being read: the next sync reads the calendar again, nothing to do.',
  UNKNOWN: 'Run testConnector for details; if the error persists, report it with the code above.',
};
