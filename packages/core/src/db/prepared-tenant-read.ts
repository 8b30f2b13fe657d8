import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database } from './client.ts';
import { readerSourceOf, type TenantReader, type TenantStatements } from './read-as-tenant.ts';
import { useFlatRowMapper } from './flat-row-mapper.ts';
import { TenantScopedQuery } from './tenant-scoped-query.ts';
import { isUuid } from './uuid.ts';

/** A statement drizzle has compiled once: only placeholder values change between runs. */
export interface CompiledRead<R> {
  execute(values: Record<string, unknown>): Promise<R>;
}

/** What `build` returns: a drizzle query with `sql.placeholder`s in place of per-call values. */
export interface PreparableRead<R> {
  prepare(name: string): CompiledRead<R>;
}

// The tenant of the statement being sent: set around each execute, read by TenantRoutingClient
// when drizzle hands it the statement (possibly after awaits inside drizzle).
const statementTenant = new AsyncLocalStorage<string>();

/** Sends each statement of a compiled read as a TenantScopedQuery for the current tenant. */
class TenantRoutingClient {
  constructor(
    private readonly pool: pg.Pool,
    private readonly prepared: boolean,
  ) {}

  query(config: pg.QueryConfig & { rowMode?: 'array' }, values?: unknown[]): Promise<pg.QueryResult> {
    const tenantId = statementTenant.getStore();
    // Unreachable through readCompiledAsTenant; refusing beats sending an unscoped statement.
    if (tenantId === undefined) return Promise.reject(new Error('compiled tenant read run without a tenant'));
    const query = new TenantScopedQuery(
      tenantId,
      { ...config, values: values ?? [] },
      { prepared: this.prepared },
    );
    return this.pool.query(query as unknown as pg.QueryConfig);
  }
}

interface CompiledReads {
  /** A full drizzle handle on the routing client: reads get it as TenantReader, writes as TenantStatements. */
  reader: TenantStatements;
  statements: Map<string, CompiledRead<unknown>>;
}

const compiledByDatabase = new WeakMap<Database, CompiledReads>();

function compiledReadsOf(db: Database): CompiledReads {
  let compiled = compiledByDatabase.get(db);
  if (!compiled) {
    const source = readerSourceOf(db);
    const client = new TenantRoutingClient(source.pool, source.preparedStatements) as unknown as pg.Pool;
    compiled = {
      reader: drizzle(client, source.logger ? { logger: source.logger } : {}),
      statements: new Map(),
    };
    compiledByDatabase.set(db, compiled);
  }
  return compiled;
}

/**
 * `readAsTenant` for a hot read whose SQL depends only on its shape: `build` runs once per
 * database handle and `shape` (a key naming everything that changes the SQL text), drizzle's
 * compiled statement is kept, and each call only fills in `values`. Building and compiling the
 * query is most of a small read's Node CPU (docs/scaling.md §Reads). Each statement still goes
 * out as ONE round trip with its transaction-local tenant setting (TenantScopedQuery), as a named
 * prepared statement of its connection unless the handle was opened with preparedStatements off
 * (PgBouncer before 1.21): parsed once per connection, and after Postgres's first five custom plans
 * it may keep a generic one, as the bench's bare route does.
 */
export function readCompiledAsTenant<R>(
  db: Database,
  tenantId: string,
  shape: string,
  build: (reader: TenantReader) => PreparableRead<R>,
  values: Record<string, unknown>,
): Promise<R> {
  if (!isUuid(tenantId))
    return Promise.reject(new TypeError('readCompiledAsTenant: tenantId must be a UUID'));
  const compiled = compiledReadsOf(db);
  let statement = compiled.statements.get(shape) as CompiledRead<R> | undefined;
  if (!statement) {
    statement = build(compiled.reader).prepare(shape);
    useFlatRowMapper(statement);
    compiled.statements.set(shape, statement);
  }
  const prepared = statement;
  return statementTenant.run(tenantId, () => prepared.execute(values));
}

/**
 * readCompiledAsTenant for a hot statement that writes (one INSERT/UPDATE, data-modifying CTEs
 * included): compiled once per shape, one round trip per run, its own implicit transaction, RLS
 * forced. A sync job's start and end are such statements (sync/sync-runs.ts).
 */
export function writeCompiledAsTenant<R>(
  db: Database,
  tenantId: string,
  shape: string,
  build: (statements: TenantStatements) => PreparableRead<R>,
  values: Record<string, unknown>,
): Promise<R> {
  return readCompiledAsTenant(
    db,
    tenantId,
    shape,
    build as (reader: TenantReader) => PreparableRead<R>,
    values,
  );
}
