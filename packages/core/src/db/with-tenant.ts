import type { ExtractTablesWithRelations, Logger } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Database, Tx } from './client.ts';
import type * as schema from './schema.ts';
import { readerSourceOf } from './read-as-tenant.ts';
import { SET_TENANT, TenantScopedQuery } from './tenant-scoped-query.ts';
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
  const { pool, logger } = readerSourceOf(db);
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
