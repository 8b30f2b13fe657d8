/**
 * Per-statement Postgres cost from pg_stat_statements (the bench's cluster preloads it): the
 * statements with the most total execution time, as calls, total/mean µs and µs per stored event.
 */
import type pg from 'pg';

/**
 * What a bench's throwaway cluster needs for `statementCosts` (startBenchServices' options).
 * `track=all` also lists statements run inside triggers and functions (the change log's), marked
 * nested: their time is already part of the top-level statement that fired them, so only top-level
 * time is summed.
 */
export const statementStatsServer = {
  preload: ['pg_stat_statements'],
  settings: ['pg_stat_statements.track=all'],
} as const;

/** Creates the extension in the bench database (needs the owner) and clears what start-up ran. */
export async function resetStatementStats(owner: pg.Client): Promise<void> {
  await owner.query('create extension if not exists pg_stat_statements');
  await owner.query('select pg_stat_statements_reset()');
}

interface StatementRow {
  query: string;
  calls: number;
  total_ms: number;
  rows: number;
  toplevel: boolean;
}

/** Lines of the top `limit` statements by total time, each with its share of all top-level statement time. */
export async function statementCosts(owner: pg.Client, storedEvents: number, limit = 10): Promise<string[]> {
  const res = await owner.query<StatementRow>(
    `select query, calls::float8 as calls, total_exec_time::float8 as total_ms, rows::float8 as rows, toplevel
       from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc`,
  );
  const allMs = res.rows.reduce((sum, r) => sum + (r.toplevel ? r.total_ms : 0), 0);
  const lines = [
    `statements: ${(allMs / 1000).toFixed(1)} s execution in all = ${((allMs * 1000) / storedEvents).toFixed(0)} µs per stored event; top ${limit}:`,
  ];
  for (const r of res.rows.slice(0, limit)) {
    const text = r.query.replace(/\s+/g, ' ').slice(0, 110);
    lines.push(
      `  ${((r.total_ms * 1000) / storedEvents).toFixed(1).padStart(6)} µs/event ` +
        `${((100 * r.total_ms) / allMs).toFixed(1).padStart(5)} % ` +
        `${r.calls.toLocaleString('en').padStart(8)} calls × ${((r.total_ms * 1000) / r.calls).toFixed(0).padStart(6)} µs ` +
        `(${(r.total_ms / 1000).toFixed(2)} s, ${r.rows.toLocaleString('en')} rows)${r.toplevel ? '' : ' [nested]'}  ${text}`,
    );
  }
  return lines;
}
