import { and, asc, count, eq, getTableColumns, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { mailboxes, withTenant, type Database, type MailboxRow, type Tx } from '../db/index.ts';
import { badInput } from '../errors/index.ts';
import type { MailboxPage } from '../mailboxes/mailbox-repository.ts';
import { decodeCursor, encodeCursor } from '../tenancy/index.ts';

export interface ConnectorMailboxesRequest {
  connectorId: string;
  first: number;
  after?: string | null | undefined;
}

/**
 * Connector.mailboxes for many connectors at once (one GraphQL response): a page by address per
 * request, with the connector's total, in a constant number of statements — one count for all,
 * one ranked select per distinct (first, after) (a list usually asks with the same arguments).
 * Results are in request order.
 */
export async function listMailboxesOfConnectors(
  db: Database,
  tenantId: string,
  requests: readonly ConnectorMailboxesRequest[],
): Promise<MailboxPage[]> {
  for (const r of requests) {
    if (r.first < 1 || r.first > 500) throw badInput('first', 'must be between 1 and 500');
  }
  if (requests.length === 0) return [];
  const groups = new Map<string, { first: number; after: string | null; ids: Set<string> }>();
  for (const r of requests) {
    const after = r.after ?? null;
    const key = JSON.stringify([r.first, after]);
    const group = groups.get(key) ?? { first: r.first, after, ids: new Set<string>() };
    group.ids.add(r.connectorId);
    groups.set(key, group);
  }
  return withTenant(db, tenantId, async (tx) => {
    const allIds = [...new Set(requests.map((r) => r.connectorId))];
    const totals = await tx
      .select({ connectorId: mailboxes.connectorId, n: count() })
      .from(mailboxes)
      .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.connectorId, allIds)))
      .groupBy(mailboxes.connectorId);
    const totalOf = new Map(totals.map((t) => [t.connectorId, Number(t.n)]));
    const pages = new Map<string, MailboxPage>();
    for (const [key, group] of groups) {
      const rows = await selectFirstRows(tx, tenantId, [...group.ids], group.first + 1, group.after);
      for (const id of group.ids) {
        const own = rows.filter((m) => m.connectorId === id);
        const nodes = own.slice(0, group.first);
        const last = nodes.at(-1);
        pages.set(`${key}\n${id}`, {
          nodes,
          pageInfo: {
            hasNextPage: own.length > group.first,
            endCursor: last ? encodeCursor(last.address) : null,
          },
          totalCount: totalOf.get(id) ?? 0,
        });
      }
    }
    return requests.map((r) => pages.get(`${JSON.stringify([r.first, r.after ?? null])}\n${r.connectorId}`)!);
  });
}

/** Up to `limit` mailboxes per connector, by address, after the cursor's address. */
async function selectFirstRows(
  tx: Tx,
  tenantId: string,
  connectorIds: string[],
  limit: number,
  after: string | null,
): Promise<MailboxRow[]> {
  const conditions: SQL[] = [eq(mailboxes.tenantId, tenantId), inArray(mailboxes.connectorId, connectorIds)];
  if (after !== null) conditions.push(gt(mailboxes.address, decodeCursor(after)));
  const ranked = tx
    .select({
      ...getTableColumns(mailboxes),
      rank: sql<number>`row_number() over (partition by ${mailboxes.connectorId} order by ${mailboxes.address})`.as(
        'rank',
      ),
    })
    .from(mailboxes)
    .where(and(...conditions))
    .as('ranked');
  const rows = await tx
    .select()
    .from(ranked)
    .where(lte(ranked.rank, limit))
    .orderBy(asc(ranked.connectorId), asc(ranked.address));
  return rows.map(({ rank: _rank, ...row }) => row);
}
