import { and, asc, count, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { isUuid, mailboxes, type MailboxRow, type TenantReader, type Tx } from '../db/index.ts';
import type { MailboxKind } from '../db/schema/enums.ts';
import { conflict } from '../errors/index.ts';
import { decodeCursor, encodeCursor, type Page } from '../tenancy/index.ts';
import { mailboxFilterConditions, type MailboxFilter } from './mailbox-filter.ts';

export interface MailboxEntry {
  /** Already normalised (lower case). */
  address: string;
  displayName?: string | null | undefined;
  kind?: MailboxKind | undefined;
  directoryId?: string | null | undefined;
  userPrincipalName?: string | null | undefined;
}

export interface MailboxPage extends Page<MailboxRow> {
  totalCount: number;
}

export interface ListMailboxesFilter {
  connectorId?: string | null | undefined;
  kind?: MailboxKind | null | undefined;
  search?: string | null | undefined;
  filter?: MailboxFilter | null | undefined;
  /** A display token's mailboxes: nothing outside these, whatever the filters say. */
  withinMailboxes?: readonly string[] | undefined;
  first: number;
  after?: string | null | undefined;
}

/**
 * Adds mailboxes to a connector; an address already on this connector is returned as is (its
 * display name and kind are filled in when they were unknown). An address on another connector
 * of the tenant is a CONFLICT (an address belongs to one directory), or skipped with onForeign 'skip'.
 */
export async function insertMailboxes(
  tx: Tx,
  tenantId: string,
  connectorId: string,
  entries: readonly MailboxEntry[],
  options: { onForeign: 'conflict' | 'skip' } = { onForeign: 'conflict' },
): Promise<MailboxRow[]> {
  if (entries.length === 0) return [];
  const addresses = entries.map((e) => e.address);
  await tx
    .insert(mailboxes)
    .values(
      entries.map((e) => ({
        tenantId,
        connectorId,
        address: e.address,
        displayName: e.displayName ?? null,
        kind: e.kind ?? 'UNKNOWN',
        directoryId: e.directoryId ?? null,
        userPrincipalName: e.userPrincipalName ?? null,
      })),
    )
    .onConflictDoNothing({ target: [mailboxes.tenantId, mailboxes.address] });
  const rows = await tx
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.address, addresses)));
  const foreign = rows.filter((r) => r.connectorId !== connectorId);
  if (foreign.length > 0 && options.onForeign === 'conflict') {
    throw conflict(
      `${foreign.map((r) => r.address).join(', ')} already belong${foreign.length === 1 ? 's' : ''} to another connector of this tenant`,
      {
        addresses: foreign.map((r) => r.address),
        connectorIds: [...new Set(foreign.map((r) => r.connectorId))],
      },
    );
  }
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  const result: MailboxRow[] = [];
  for (const entry of entries) {
    let row = byAddress.get(entry.address);
    if (!row || row.connectorId !== connectorId) continue;
    const fillName = entry.displayName && !row.displayName;
    const fillKind = entry.kind && entry.kind !== 'UNKNOWN' && row.kind === 'UNKNOWN';
    const fillIdentity = entry.directoryId && !row.directoryId;
    if (fillName || fillKind || fillIdentity) {
      const [updated] = await tx
        .update(mailboxes)
        .set({
          ...(fillName ? { displayName: entry.displayName } : {}),
          ...(fillKind ? { kind: entry.kind } : {}),
          ...(fillIdentity
            ? { directoryId: entry.directoryId, userPrincipalName: entry.userPrincipalName ?? null }
            : {}),
          updatedAt: new Date(),
        })
        .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, row.id)))
        .returning();
      if (updated) row = updated;
    }
    result.push(row);
  }
  return result;
}

/** Deletes these addresses of one connector (their events, series masters and runs cascade). */
export async function deleteMailboxesByAddress(
  tx: Tx,
  tenantId: string,
  connectorId: string,
  addresses: readonly string[],
): Promise<number> {
  if (addresses.length === 0) return 0;
  const deleted = await tx
    .delete(mailboxes)
    .where(
      and(
        eq(mailboxes.tenantId, tenantId),
        eq(mailboxes.connectorId, connectorId),
        inArray(mailboxes.address, [...addresses]),
      ),
    )
    .returning({ id: mailboxes.id });
  return deleted.length;
}

export async function findMailboxById(tx: Tx, tenantId: string, id: string): Promise<MailboxRow | null> {
  const [row] = await tx
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, id)));
  return row ?? null;
}

export async function findMailboxByAddress(
  tx: Tx,
  tenantId: string,
  address: string,
): Promise<MailboxRow | null> {
  const [row] = await tx
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.address, address.trim().toLowerCase())));
  return row ?? null;
}

/** Every mailbox of a connector, by address (diagnostics, tick fan-out). */
export async function listConnectorMailboxes(
  tx: Tx,
  tenantId: string,
  connectorId: string,
): Promise<MailboxRow[]> {
  return tx
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.connectorId, connectorId)))
    .orderBy(asc(mailboxes.address));
}

/** Mailboxes by address (unique per tenant), with a total count of the filtered set. */
export async function listMailboxes(
  tx: TenantReader,
  tenantId: string,
  filter: ListMailboxesFilter,
): Promise<MailboxPage> {
  const conditions: SQL[] = [eq(mailboxes.tenantId, tenantId)];
  if (filter.connectorId) conditions.push(eq(mailboxes.connectorId, filter.connectorId));
  if (filter.kind) conditions.push(eq(mailboxes.kind, filter.kind));
  if (filter.filter) conditions.push(...mailboxFilterConditions(filter.filter));
  if (filter.withinMailboxes) {
    const within = filter.withinMailboxes.filter(isUuid);
    conditions.push(within.length > 0 ? inArray(mailboxes.id, within) : sql`false`);
  }
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(mailboxes.address, pattern), ilike(mailboxes.displayName, pattern));
    if (match) conditions.push(match);
  }
  const [total] = await tx
    .select({ n: count() })
    .from(mailboxes)
    .where(and(...conditions));
  const pageConditions = [...conditions];
  if (filter.after) pageConditions.push(gt(mailboxes.address, decodeCursor(filter.after)));
  const rows = await tx
    .select()
    .from(mailboxes)
    .where(and(...pageConditions))
    .orderBy(asc(mailboxes.address))
    .limit(filter.first + 1);
  const nodes = rows.slice(0, filter.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > filter.first,
      endCursor: last ? encodeCursor(last.address) : null,
    },
    totalCount: Number(total?.n ?? 0),
  };
}
