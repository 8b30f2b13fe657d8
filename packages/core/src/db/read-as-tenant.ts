import { drizzle } from 'drizzle-orm/node-postgres';
import type { Logger } from 'drizzle-orm';
import type pg from 'pg';
import type { Database } from './client.ts';
import { TenantScopedQuery } from './tenant-scoped-query.ts';
import { isUuid } from './uuid.ts';

/** What a tenant read may do: build and run statements (no transactions, no relational API). */
export type TenantReader = Pick<Database, 'select' | 'selectDistinct' | '$with' | 'with'>;

/** What a tenant write may do (writeAsTenant, writeCompiledAsTenant): single statements, CTEs included. */
export type TenantStatements = Pick<
  Database,
  'select' | 'selectDistinct' | '$with' | 'with' | 'insert' | 'update' | 'delete'
>;

export interface ReaderSource {
  pool: pg.Pool;
  logger: Logger | undefined;
  /** Compiled tenant statements go out as named prepared statements (createDatabase's preparedStatements). */
  preparedStatements: boolean;
}

// Filled by createDatabase: the pool and logger behind each Database handle.
const sources = new WeakMap<Database, ReaderSource>();

export function registerReaderSource(db: Database, source: ReaderSource): void {
  sources.set(db, source);
}

/** The pool and logger behind a handle made by createDatabase. */
export function readerSourceOf(db: Database): ReaderSource {
  const source = sources.get(db);
  if (!source) throw new TypeError('tenant read: the database handle was not made by createDatabase');
  return source;
}

/** Sends every statement drizzle runs as a TenantScopedQuery on a pooled connection. */
class TenantScopedClient {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tenantId: string,
  ) {}

  query(config: pg.QueryConfig & { rowMode?: 'array' }, values?: unknown[]): Promise<pg.QueryResult> {
    const query = new TenantScopedQuery(this.tenantId, { ...config, values: values ?? [] });
    // pg-pool hands a submittable to a pooled client and resolves with its result, as for text.
    return this.pool.query(query as unknown as pg.QueryConfig);
  }
}

/**
 * Runs `fn`'s reads as one tenant, ONE round trip per statement: each statement carries its own
 * transaction-local `set_config('app.tenant_id', …, true)` (see TenantScopedQuery), so RLS scopes
 * it exactly as inside `withTenant`, without BEGIN/set_config/COMMIT round trips. Each statement
 * is its own implicit transaction: use `withTenant` when several statements must see one snapshot
 * or write together.
 */
export async function readAsTenant<T>(
  db: Database,
  tenantId: string,
  fn: (reader: TenantReader) => Promise<T>,
): Promise<T> {
  return fn(tenantScopedHandle(db, tenantId, 'readAsTenant'));
}

/**
 * readAsTenant for statements that write: each statement (one INSERT/UPDATE/DELETE, possibly with
 * data-modifying CTEs) is ONE round trip and its own implicit transaction, all or nothing, with
 * row-level security forced as in `withTenant`, which needs a second round trip for its COMMIT. For
 * writes that fit one statement (docs/scaling.md, Workers: a job's fixed cost is round trips).
 */
export async function writeAsTenant<T>(
  db: Database,
  tenantId: string,
  fn: (statements: TenantStatements) => Promise<T>,
): Promise<T> {
  return fn(tenantScopedHandle(db, tenantId, 'writeAsTenant'));
}

/** A drizzle handle whose every statement goes out as a TenantScopedQuery of `tenantId`. */
function tenantScopedHandle(db: Database, tenantId: string, caller: string): TenantStatements {
  // A malformed id would otherwise fail later as a cast error inside a policy.
  if (!isUuid(tenantId)) throw new TypeError(`${caller}: tenantId must be a UUID`);
  const source = readerSourceOf(db);
  const client = new TenantScopedClient(source.pool, tenantId) as unknown as pg.Pool;
  return drizzle(client, source.logger ? { logger: source.logger } : {});
}
