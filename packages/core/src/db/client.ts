import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { DatabaseTimeouts } from '../config/core-config.ts';
import { registerReaderSource } from './read-as-tenant.ts';
import * as schema from './schema.ts';
import { tracingEnabled } from '../observability/tracing/index.ts';
import { traceClientQueries } from './trace-queries.ts';

/** The drizzle database handle (node-postgres, with the calsync schema). */
export type Database = NodePgDatabase<typeof schema>;
/** A transaction handle, as passed to `withTenant` callbacks. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface CreateDatabaseOptions {
  /** Pool size (default 10). */
  max?: number | undefined;
  /**
   * Connect timeout of the pool, and statement / idle-in-transaction timeouts the server enforces
   * on each session: a lost network or a frozen caller fails fast instead of holding a connection.
   */
  timeouts?: DatabaseTimeouts | undefined;
  /**
   * Hot tenant reads as named prepared statements, parsed once per connection (default true). Off
   * behind PgBouncer older than 1.21 in transaction pooling, which cannot keep them.
   */
  preparedStatements?: boolean | undefined;
  /** Called with the SQL text and parameters of every statement drizzle sends (statement-counting tests, bench). */
  onQuery?: ((sql: string, params: readonly unknown[]) => void) | undefined;
}

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Opens a pool on `url` (the app role's DATABASE_URL in the apps). */
export function createDatabase(url: string, options: CreateDatabaseOptions = {}): DatabaseHandle {
  const timeouts = options.timeouts;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(timeouts
      ? {
          connectionTimeoutMillis: timeouts.connectTimeoutMs,
          statement_timeout: timeouts.statementTimeoutMs,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
        }
      : {}),
  });
  // An idle client losing its server (restart, test teardown) emits 'error' on the pool;
  // unhandled it would crash the process. The next query reports the failure anyway.
  pool.on('error', () => undefined);
  // A client checked out of the pool (mid-transaction, waiting on Graph or Redis) that loses its
  // server emits 'error' on itself, not on the pool: without a listener that kills the process.
  // Its pending or next query rejects with the same error, which the caller classifies.
  pool.on('connect', (client) => client.on('error', () => undefined));
  // SQL spans (docs/operations.md, Tracing): only when tracing is on, so off costs nothing.
  if (tracingEnabled()) pool.on('connect', (client) => traceClientQueries(client));
  const onQuery = options.onQuery;
  const logger = onQuery
    ? { logQuery: (query: string, params: unknown[]) => onQuery(query, params) }
    : undefined;
  const db = drizzle(pool, { schema, ...(logger ? { logger } : {}) });
  registerReaderSource(db, { pool, logger, preparedStatements: options.preparedStatements ?? true });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
