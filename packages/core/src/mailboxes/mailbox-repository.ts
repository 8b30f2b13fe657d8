import { and, asc, count, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  isUuid,
  mailboxes,
  readCompiledAsTenant,
  type Database,
  type MailboxRow,
  type Tx,
} from '../db/index.ts';
import type { MailboxKind } from '../db/schema/enums.ts';
import { conflict } from '../errors/index.ts';
import { decodeCursor, encodeCursor, type Page } from '../tenancy/index.ts';
import {
  mailboxFilterConditions,
  mailboxFilterShape,
  mailboxFilterValues,
  type MailboxFilter,
} from './mailbox-filter.ts';

export interface MailboxEntry {
  /** Already normalised (lower case). */
  address: string;
  displayName?: string | null | undefined;
  kind?: MailboxKind | undefined;
  directoryId?: string | null | undefined;
  userPrincipalName?: string | null | undefined;
}

export interface MailboxPage extends Page<MailboxRow> {
  /** Every mailbox the filters match; null when the caller did not ask for it (`countTotal: false`). */
  totalCount: number | null;
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
  /**
   * Whether to count every matching mailbox as well (default true). A second statement that reads
   * the tenant's whole filtered set: callers that show no total (a GraphQL query that does not
   * select `totalCount`) skip it.
   */
  countTotal?: boolean | undefined;
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

/** What changes the SQL text of listMailboxes; everything else is a placeholder value. */
function listMailboxesShape(filter: ListMailboxesFilter): string {
  const flags = [filter.connectorId, filter.kind, filter.withinMailboxes, filter.search?.trim()];
  return `${flags.map((f) => (f ? 1 : 0)).join('')}_${filter.filter ? mailboxFilterShape(filter.filter) : 'none'}`;
}

/** The filtered set's conditions, with placeholders for every value. */
function listMailboxesConditions(filter: ListMailboxesFilter): SQL[] {
  const conditions: SQL[] = [eq(mailboxes.tenantId, sql.placeholder('tenantId'))];
  if (filter.connectorId) conditions.push(eq(mailboxes.connectorId, sql.placeholder('connectorId')));
  if (filter.kind) conditions.push(eq(mailboxes.kind, sql.placeholder('kind')));
  if (filter.filter) conditions.push(...mailboxFilterConditions(filter.filter));
  if (filter.withinMailboxes)
    conditions.push(sql`${mailboxes.id} = any(${sql.placeholder('within')}::uuid[])`);
  if (filter.search?.trim()) {
    const pattern = sql.placeholder('pattern');
    conditions.push(or(ilike(mailboxes.address, pattern), ilike(mailboxes.displayName, pattern))!);
  }
  return conditions;
}

/** A page known to be empty, its total 0 (or null when the caller did not ask for it). */
export function emptyMailboxPage(filter: Pick<ListMailboxesFilter, 'countTotal'>): MailboxPage {
  return {
    nodes: [],
    pageInfo: { hasNextPage: false, endCursor: null },
    totalCount: filter.countTotal === false ? null : 0,
  };
}

/**
 * Mailboxes by address (unique per tenant), with a total count of the filtered set (unless
 * `countTotal` is false). Both statements are compiled once per shape (readCompiledAsTenant) and
 * run side by side.
 */
export async function listMailboxes(
  db: Database,
  tenantId: string,
  filter: ListMailboxesFilter,
): Promise<MailboxPage> {
  const within = filter.withinMailboxes?.filter(isUuid);
  if (within?.length === 0) return emptyMailboxPage(filter);
  const search = filter.search?.trim();
  const values = {
    ...(filter.filter ? mailboxFilterValues(filter.filter) : {}),
    tenantId,
    connectorId: filter.connectorId,
    kind: filter.kind,
    within,
    pattern: search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
    after: filter.after ? decodeCursor(filter.after) : undefined,
    limit: filter.first + 1,
  };
  const shape = listMailboxesShape(filter);
  const counting =
    filter.countTotal === false
      ? Promise.resolve(null)
      : readCompiledAsTenant(
          db,
          tenantId,
          `mailboxes_count_${shape}`,
          (reader) =>
            reader
              .select({ n: count() })
              .from(mailboxes)
              .where(and(...listMailboxesConditions(filter))),
          values,
        ).then(([total]) => Number(total?.n ?? 0));
  const [totalCount, rows] = await Promise.all([
    counting,
    readCompiledAsTenant(
      db,
      tenantId,
      `mailboxes_page_${shape}_${filter.after ? 'after' : 'first'}`,
      (reader) =>
        reader
          .select()
          .from(mailboxes)
          .where(
            and(
              ...listMailboxesConditions(filter),
              ...(filter.after ? [gt(mailboxes.address, sql.placeholder('after'))] : []),
            ),
          )
          .orderBy(asc(mailboxes.address))
          .limit(sql.placeholder('limit')),
      values,
    ),
  ]);
  const nodes = rows.slice(0, filter.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > filter.first,
      endCursor: last ? encodeCursor(last.address) : null,
    },
    totalCount,
  };
}
