import {
  ConnectorDocument,
  MailboxByAddressDocument,
  MailboxByIdDocument,
  MailboxesDocument,
  isCalsyncError,
  type CalsyncClient,
} from '@calsync/client';
import { CliError } from '../cli-error.ts';

export interface SyncTarget {
  kind: 'connector' | 'mailbox';
  id: string;
  connectorId: string;
  /** The mailboxes whose runs `--wait` follows. */
  mailboxes: { id: string; address: string }[];
}

async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    // A malformed id is the user's typo, not a failure: fall through to the next kind of target.
    if (isCalsyncError(error, 'BAD_USER_INPUT') || isCalsyncError(error, 'NOT_FOUND')) return null;
    throw error;
  }
}

/** A mailbox address, a mailbox id or a connector id, resolved through the API. */
export async function resolveSyncTarget(client: CalsyncClient, target: string): Promise<SyncTarget> {
  if (target.includes('@')) {
    const { mailbox } = await client.request(MailboxByAddressDocument, { address: target });
    if (!mailbox) throw new CliError(`No mailbox ${target}: add it with 'calsync mailboxes add'`);
    return { kind: 'mailbox', id: mailbox.id, connectorId: mailbox.connector.id, mailboxes: [mailbox] };
  }
  const connector = (await orNull(client.request(ConnectorDocument, { id: target })))?.connector;
  if (connector) {
    const mailboxes = [];
    for await (const m of client.paginate(
      MailboxesDocument,
      { connectorId: connector.id, first: 200 },
      (d) => d.mailboxes,
    )) {
      if (m.enabled) mailboxes.push({ id: m.id, address: m.address });
    }
    return { kind: 'connector', id: connector.id, connectorId: connector.id, mailboxes };
  }
  const mailbox = (await orNull(client.request(MailboxByIdDocument, { id: target })))?.mailbox;
  if (mailbox)
    return { kind: 'mailbox', id: mailbox.id, connectorId: mailbox.connector.id, mailboxes: [mailbox] };
  throw new CliError(`${target} is neither a connector id, a mailbox id nor a mailbox address`);
}
