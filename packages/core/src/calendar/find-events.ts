import { and, eq, inArray } from 'drizzle-orm';
import { events, mailboxes, withTenant, type Database, type EventRow, type MailboxRow } from '../db/index.ts';
import { isUuid } from '../db/uuid.ts';

/** The tenant's events with these ids, in one statement; ids of other tenants or not UUIDs find nothing. */
export async function findEventsByIds(
  db: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, EventRow>> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.tenantId, tenantId), inArray(events.id, wanted))),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** One event of the tenant, or null. */
export async function findEvent(db: Database, tenantId: string, id: string): Promise<EventRow | null> {
  return (await findEventsByIds(db, tenantId, [id])).get(id.toLowerCase()) ?? null;
}

/** The tenant's mailboxes with these ids, in one statement (parents of a page of events). */
export async function findMailboxesByIds(
  db: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, MailboxRow>> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.id, wanted))),
  );
  return new Map(rows.map((row) => [row.id, row]));
}
