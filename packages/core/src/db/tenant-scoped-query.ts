import pg from 'pg';

/** The transaction-local tenant setting the row-level security policies read (migrations/0001_rls.sql). */
export const SET_TENANT = "select set_config('app.tenant_id', $1, true)";
const BEGIN = 'begin';

/** The parts of pg's Connection this query writes to (pg's own Query uses the same). */
interface WireConnection {
  parse(message: { text: string; name?: string }): void;
  bind(message: { values: string[] }): void;
  execute(message: Record<string, never>): void;
  stream: { cork?: () => void; uncork?: () => void };
  /** pg's bookkeeping of named statements whose Parse was written but not yet confirmed. */
  submittedNamedStatements: Record<string, string>;
}

/** pg's Query members used below; pg calls the handlers for each backend message. */
interface QueryHandlers {
  readonly text: unknown;
  readonly values: unknown;
  readonly name: string | undefined;
  hasBeenParsed(connection: WireConnection): boolean;
  submit(connection: WireConnection): Error | null;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: WireConnection): void;
}

type ExtendedQueryConfig = pg.QueryConfig & { queryMode: 'extended'; rowMode?: 'array' };
const PgQuery = pg.Query as unknown as new (config: ExtendedQueryConfig) => QueryHandlers;

/**
 * One statement run as one tenant in ONE round trip. The extended-protocol messages of
 * `set_config('app.tenant_id', $1, true)` go on the wire ahead of the statement's own, with a
 * single Sync after both. Outside an explicit BEGIN, Postgres runs everything up to a Sync as one
 * implicit transaction (docs/scaling.md §Reads), so the setting is transaction-local exactly as in
 * `withTenant` and is gone when the statement ends; row-level security stays forced. An error in
 * either part fails the whole query. The set_config reply (one row, no description) is consumed
 * here; the statement's reply goes through pg's Query as usual.
 *
 * With `opensTransaction`, a `BEGIN` goes first: the statement becomes the first of an explicit
 * transaction that stays open after the round trip (withTenant sends its later statements and the
 * COMMIT), and the setting still ends with that transaction.
 *
 * With `prepared` and a statement name, the statement is a named prepared statement of the
 * connection: parsed once per connection, ahead of the prelude (so the round trip's first
 * ParseComplete is its own, as pg's bookkeeping of named statements expects), and from then on
 * only bound and executed, so Postgres reuses its plan (docs/scaling.md §Reads). Otherwise it goes
 * out unnamed: PgBouncer before 1.21 in transaction pooling cannot keep named statements
 * (CALSYNC_DB_PREPARED_STATEMENTS=false).
 */
export class TenantScopedQuery extends PgQuery {
  readonly #tenantId: string;
  readonly #opensTransaction: boolean;
  /** Replies of the prelude (BEGIN, set_config) still to be consumed before the statement's own. */
  #preludeLeft: number;

  constructor(
    tenantId: string,
    config: pg.QueryConfig & { rowMode?: 'array' },
    options: { opensTransaction?: boolean; prepared?: boolean } = {},
  ) {
    // Only a single-statement read is prepared: behind a BEGIN it stays unnamed.
    const named = options.prepared === true && options.opensTransaction !== true;
    const { name, ...unnamed } = config;
    super({ ...unnamed, ...(named && name ? { name } : {}), queryMode: 'extended' });
    this.#tenantId = tenantId;
    this.#opensTransaction = options.opensTransaction ?? false;
    this.#preludeLeft = this.#opensTransaction ? 2 : 1;
  }

  override submit(connection: WireConnection): Error | null {
    // pg's own checks fail before anything is written; ours must not precede a refused statement.
    if (typeof this.text !== 'string' || (this.values !== undefined && !Array.isArray(this.values))) {
      return super.submit(connection);
    }
    connection.stream.cork?.();
    try {
      if (this.name && !this.hasBeenParsed(connection)) {
        connection.parse({ text: this.text, name: this.name });
        connection.submittedNamedStatements[this.name] = this.text;
      }
      if (this.#opensTransaction) {
        connection.parse({ text: BEGIN });
        connection.bind({ values: [] });
        connection.execute({});
      }
      connection.parse({ text: SET_TENANT });
      connection.bind({ values: [this.#tenantId] });
      connection.execute({});
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleDataRow(message: unknown): void {
    if (this.#preludeLeft === 0) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: WireConnection): void {
    if (this.#preludeLeft > 0) this.#preludeLeft -= 1;
    else super.handleCommandComplete(message, connection);
  }
}
