import type { MailboxKind } from '../db/schema/enums.ts';

/** One connector of one tenant, as the provider capabilities address it. */
export interface ConnectorRef {
  tenantId: string;
  connectorId: string;
}

/** What the back end's directory says about a mailbox address. */
export interface DirectoryMailbox {
  displayName: string | null;
  kind: MailboxKind;
}

export interface DirectoryRoom {
  address: string;
  displayName: string | null;
}

/** The back end's directory: mailbox details and room lists, each within a time budget. */
export interface DirectoryCapability {
  /** Details of the addresses the directory knows; throws when the directory cannot be asked. */
  resolveMailboxes(
    connector: ConnectorRef,
    addresses: readonly string[],
    budgetMs: number,
  ): Promise<Map<string, DirectoryMailbox>>;
  /** Every room of the directory; throws an AppError that tells the admin what to fix. */
  discoverRooms(connector: ConnectorRef, budgetMs: number): Promise<DirectoryRoom[]>;
}
