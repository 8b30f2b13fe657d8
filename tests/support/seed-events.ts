// Seeds connectors, mailboxes and events of one tenant through an owner connection (past RLS),
// so read-side tests control every row. Tenants themselves come from seedTenant or the API.
import { randomUUID } from 'node:crypto';
import {
  connectors,
  events,
  mailboxes,
  syncRuns,
  type Database,
  type EventRow,
  type MailboxRow,
  type NewEventRow,
  type NewMailboxRow,
  type NewSyncRunRow,
} from '@calsync/core';

export async function seedConnector(adminDb: Database, tenantId: string, name = 'M365'): Promise<string> {
  const [row] = await adminDb
    .insert(connectors)
    .values({
      tenantId,
      name,
      settings: { cloud: 'GLOBAL', azureTenantId: randomUUID(), clientId: randomUUID() },
      credentialKind: 'CLIENT_SECRET',
      credentialCiphertext: 'v1:k1:opaque',
      credentialHint: 'abcd',
    })
    .returning({ id: connectors.id });
  return row!.id;
}

/** A mailbox that has been synced (known to availability) unless `syncStatus` says otherwise. */
export async function seedMailbox(
  adminDb: Database,
  tenantId: string,
  connectorId: string,
  address: string,
  extra: Partial<NewMailboxRow> = {},
): Promise<MailboxRow> {
  const [row] = await adminDb
    .insert(mailboxes)
    .values({
      tenantId,
      connectorId,
      address: address.toLowerCase(),
      kind: 'ROOM',
      syncStatus: 'OK',
      lastSyncedAt: new Date(),
      ...extra,
    })
    .returning();
  return row!;
}

export type EventSeed = Partial<NewEventRow> & { start: string | Date; end: string | Date };

/** Inserts events of one mailbox; `subject` defaults to a counter so tests can name rows. */
export async function seedEvents(
  adminDb: Database,
  tenantId: string,
  mailboxId: string,
  seeds: readonly EventSeed[],
): Promise<EventRow[]> {
  if (seeds.length === 0) return [];
  const values: NewEventRow[] = seeds.map(({ start, end, ...rest }, index) => ({
    tenantId,
    mailboxId,
    sourceId: `AAMk-${randomUUID()}`,
    type: 'SINGLE_INSTANCE',
    subject: `event ${index}`,
    startAt: new Date(start),
    endAt: new Date(end),
    ...rest,
  }));
  return adminDb.insert(events).values(values).returning();
}

export async function seedSyncRun(
  adminDb: Database,
  tenantId: string,
  values: Omit<NewSyncRunRow, 'tenantId'>,
): Promise<string> {
  const [row] = await adminDb
    .insert(syncRuns)
    .values({ tenantId, ...values })
    .returning({ id: syncRuns.id });
  return row!.id;
}
