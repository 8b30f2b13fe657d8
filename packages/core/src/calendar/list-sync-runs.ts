import { isUuid } from '../db/uuid.ts';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { syncRuns, withTenant, type Database, type SyncRunRow, type SyncRunStatus } from '../db/index.ts';
import type { Page } from '../tenancy/index.ts';
import { afterKeyset, decodeKeyset, encodeKeyset, microsOf } from './keyset-cursor.ts';
import { assertPageSize } from './query-limits.ts';

export const MAX_SYNC_RUNS_PAGE = 200;

export interface ListSyncRunsArgs {
  connectorId?: string | null | undefined;
  mailboxId?: string | null | undefined;
  status?: SyncRunStatus | null | undefined;
  first: number;
  after?: string | null | undefined;
}

const EMPTY: Page<SyncRunRow> = { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };

/** Sync runs of the tenant, newest queued first, optionally filtered. */
export async function listSyncRuns(
  db: Database,
  tenantId: string,
  args: ListSyncRunsArgs,
): Promise<Page<SyncRunRow>> {
  assertPageSize(args.first, MAX_SYNC_RUNS_PAGE);
  const position = args.after ? decodeKeyset(args.after) : null;
  const conditions: SQL[] = [eq(syncRuns.tenantId, tenantId)];
  for (const [column, value] of [
    [syncRuns.connectorId, args.connectorId],
    [syncRuns.mailboxId, args.mailboxId],
  ] as const) {
    if (value == null) continue;
    if (!isUuid(value)) return EMPTY;
    conditions.push(eq(column, value));
  }
  if (args.status) conditions.push(eq(syncRuns.status, args.status));
  if (position) conditions.push(afterKeyset(syncRuns.queuedAt, syncRuns.id, position, 'desc'));
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ run: syncRuns, micros: microsOf(syncRuns.queuedAt) })
      .from(syncRuns)
      .where(and(...conditions))
      .orderBy(desc(syncRuns.queuedAt), desc(syncRuns.id))
      .limit(args.first + 1),
  );
  const kept = rows.slice(0, args.first);
  const last = kept.at(-1);
  return {
    nodes: kept.map((r) => r.run),
    pageInfo: {
      hasNextPage: rows.length > args.first,
      endCursor: last ? encodeKeyset({ micros: last.micros, id: last.run.id }) : null,
    },
  };
}
