import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import { connectors, isUuid, withTenant, type ConnectorRow, type Database, type Tx } from '../db/index.ts';
import { badInput, notFound } from '../errors/index.ts';
import {
  decodeTimeIdCursor,
  encodeCursor,
  resolveTenant,
  type Page,
  type Principal,
} from '../tenancy/index.ts';
import { toConnectorView, type ConnectorView } from './connector-view.ts';

/** The connector row of this tenant, or NOT_FOUND (also for another tenant's id). */
export async function requireConnectorRow(tx: Tx, tenantId: string, id: string): Promise<ConnectorRow> {
  if (!isUuid(id)) throw notFound('connector');
  const [row] = await tx
    .select()
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
  if (!row) throw notFound('connector');
  return row;
}

export async function findConnector(
  db: Database,
  principal: Principal,
  id: string,
): Promise<ConnectorView | null> {
  const tenantId = resolveTenant(principal);
  if (!isUuid(id)) return null;
  return withTenant(db, tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
    return row ? toConnectorView(row) : null;
  });
}

/** Connectors by creation time, then id. */
export async function listConnectors(
  db: Database,
  principal: Principal,
  args: { first: number; after?: string | null | undefined },
): Promise<Page<ConnectorView>> {
  const tenantId = resolveTenant(principal);
  if (args.first < 1 || args.first > 200) throw badInput('first', 'must be between 1 and 200');
  const conditions: SQL[] = [eq(connectors.tenantId, tenantId)];
  if (args.after) {
    const { at, id } = decodeTimeIdCursor(args.after);
    const after = or(gt(connectors.createdAt, at), and(eq(connectors.createdAt, at), gt(connectors.id, id)));
    if (after) conditions.push(after);
  }
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(connectors)
      .where(and(...conditions))
      .orderBy(asc(connectors.createdAt), asc(connectors.id))
      .limit(args.first + 1),
  );
  const nodes = rows.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes: nodes.map(toConnectorView),
    pageInfo: {
      hasNextPage: rows.length > args.first,
      endCursor: last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
    },
  };
}

/** Batch lookup for loaders: connectors of one tenant by id, in the order asked (null if absent). */
export async function findConnectorsByIds(
  db: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<(ConnectorView | null)[]> {
  const valid = [...new Set(ids.filter(isUuid))];
  const rows =
    valid.length === 0
      ? []
      : await withTenant(db, tenantId, (tx) =>
          tx
            .select()
            .from(connectors)
            .where(and(eq(connectors.tenantId, tenantId), inArray(connectors.id, valid))),
        );
  const byId = new Map(rows.map((r) => [r.id, toConnectorView(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}
