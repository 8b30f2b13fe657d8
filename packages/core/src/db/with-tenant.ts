import type { ExtractTablesWithRelations, Logger, SQL } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Database, Tx } from './client.ts';
import type * as schema from './schema.ts';
import { readerSourceOf } from './read-as-tenant.ts';
import { SET_TENANT, TenantScopedQuery } from './tenant-scoped-query.ts';
import { statementName } from './placeholder-columns.ts';
import { isUuid } from './uuid.ts';

// createDatabase's drizzle handle uses the default dialect (no casing option) too.
const dialect = new PgDialect();

type Tables = ExtractTablesWithRelations<typeof schema>;

/** The relational query config of createDatabase's handle (it always has the schema), for tx.query. */
function relationalConfigOf(db: Database): {
  fullSchema: typeof schema;
  schema: Tables;
  tableNamesMap: Record<string, string>;
} {
  const { fullSchema, schema: tables, tableNamesMap } = db._;
  if (!tables) throw new TypeError('withTenant: the database handle has no schema');
  return { fullSchema, schema: tables, tableNamesMap };
}

/**
 * A pooled connection as one tenant transaction: its first statement goes out with `BEGIN` and
 * the transaction-local tenant setting in the same round trip (TenantScopedQuery), later ones as
 * usual; `end` commits or rolls back only when something was sent.
 */
class TenantTransactionClient {
  #opened = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly tenantId: string,
  ) {}

  query(config: pg.QueryConfig & { rowMode?: 'array' }, values?: unknown[]): Promise<pg.QueryResult> {
    if (this.#opened) return this.client.query(config, values);
    this.#opened = true;
    const first = new TenantScopedQuery(
      this.tenantId,
      { ...config, values: values ?? [] },
      { opensTransaction: true },
    );
    return new Promise((resolve, reject) => {
      this.client.query(first as unknown as pg.QueryConfig, (error: Error | null, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result),
      );
    });
  }

  /**
   * A statement of the open transaction as a named prepared statement of the connection: parsed
   * (and planned) once per connection, then only bound and executed. The transaction's first
   * statement goes out unnamed with the BEGIN and the tenant setting, as any other.
   */
  queryNamed(name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    if (!this.#opened) return this.query({ text }, values);
    return this.client.query({ name, text, values });
  }

  /** Commits or rolls back, when a transaction was opened (nothing was sent otherwise). */
  async end(command: 'commit' | 'rollback', logger: Logger | undefined): Promise<void> {
    if (!this.#opened) return;
    logger?.logQuery(command, []);
    await this.client.query(command);
  }
}

/**
 * Runs `fn` in a transaction scoped to one tenant: row-level security policies
 * read `app.tenant_id`, set here with `set_config(..., true)` so it ends with
 * the transaction and can never leak to the next user of the pooled connection
 * (a session-level SET would). `BEGIN`, the setting and `fn`'s first statement share one round
 * trip (docs/scaling.md, Workers), which also works through PgBouncer's transaction pooling.
 */
export async function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // A malformed id would otherwise fail later as a cast error inside a policy.
  if (!isUuid(tenantId)) throw new TypeError('withTenant: tenantId must be a UUID');
  const { pool, logger, preparedStatements } = readerSourceOf(db);
  const client = await pool.connect();
  const connection = new TenantTransactionClient(client, tenantId);
  const relational = relationalConfigOf(db);
  const session = new NodePgSession<typeof schema, Tables>(
    connection as unknown as pg.PoolClient,
    dialect,
    relational,
    {
      ...(logger ? { logger } : {}),
    },
  );
  const tx: Tx = new NodePgTransaction<typeof schema, Tables>(dialect, session, relational);
  openTransactions.set(tx, { connection, logger, prepared: preparedStatements });
  // The statement log (onQuery) lists what each transaction runs, in order, as before the merge.
  logger?.logQuery('begin', []);
  logger?.logQuery(SET_TENANT, [tenantId]);
  try {
    const result = await fn(tx);
    await connection.end('commit', logger);
    client.release();
    return result;
  } catch (error) {
    try {
      await connection.end('rollback', logger);
      client.release();
    } catch {
      // The connection is broken: it leaves the pool rather than serving the next caller.
      client.release(true);
    }
    throw error;
  }
}

/** The connection behind each withTenant transaction, for executePrepared. */
const openTransactions = new WeakMap<
  Tx,
  { connection: TenantTransactionClient; logger: Logger | undefined; prepared: boolean }
>();

/**
 * `tx.execute(query)` for a statement a transaction runs often, with a fixed text (the page write
 * path's upsert) and a plan that does not depend on its parameters' values: Postgres may keep a
 * generic plan after five runs, so check the statement stays fast (bench/page-upsert.ts). Inside
 * `withTenant`, and unless prepared statements are off (CALSYNC_DB_PREPARED_STATEMENTS=false, for
 * PgBouncer before 1.21), it goes out as a named prepared statement, so Postgres parses and plans it
 * once per connection instead of on every page (≈ 1 ms of a small page's CPU; docs/scaling.md,
 * Postgres). `kind` prefixes the statement's name.
 */
export async function executePrepared<R extends Record<string, unknown>>(
  tx: Tx,
  kind: string,
  query: SQL,
): Promise<pg.QueryResult<R>> {
  const open = openTransactions.get(tx);
  if (!open?.prepared) return (await tx.execute<R>(query)) as pg.QueryResult<R>;
  const { sql: text, params } = dialect.sqlToQuery(query);
  open.logger?.logQuery(text, params);
  return (await open.connection.queryNamed(statementName(kind, text), text, params)) as pg.QueryResult<R>;
}
